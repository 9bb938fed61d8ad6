// Shared pieces of the war room: the guide's immediate actions, cadences, snapshots for events,
// and the timeline writer every incident change goes through.
import type { Incident, IncidentTimelineEntry, Priority, TimelineEntryKind } from '@opsboard/db';
import type { Emit, Tx } from '../platform/events.ts';
import { fieldError, notFound } from '../platform/errors.ts';
import type { Deps } from '../platform/db.ts';
import { isUuid } from '../platform/validation.ts';

/** "P0 Critical Issue Response — Immediate Actions", in the guide's order. */
export const CHECKLIST = [
  { key: 'alert_all_hands', label: 'Alert all hands (#general + @channel)' },
  { key: 'assign_incident_commander', label: 'Assign incident commander' },
  { key: 'open_war_room', label: 'Create war room (Slack channel/call)' },
  { key: 'start_status_page_updates', label: 'Start status page updates' },
  { key: 'begin_investigation', label: 'Begin investigation' },
] as const;
export type ChecklistKey = (typeof CHECKLIST)[number]['key'];

/** "Monitor for 2 hours" after the fix or rollback; "post-mortem within 48 hours". */
export const MONITORING_MINUTES = 120;
export const POSTMORTEM_DUE_HOURS = 48;
export const MINUTE_MS = 60_000;

/** The status page's name for an incident nobody gave a public title: says nothing internal. */
export const DEFAULT_PUBLIC_TITLE = 'Service disruption';
export const publicTitleOf = (incident: { publicTitle: string | null }): string => incident.publicTitle ?? DEFAULT_PUBLIC_TITLE;

/** Internal updates: every 15–30 min for a P0 (the guide), up to 4 h otherwise; status page alike. */
export function cadenceLimits(severity: Priority): { min: number; max: number; internal: number; statusPage: number } {
  return severity === 'P0' ? { min: 15, max: 30, internal: 30, statusPage: 30 } : { min: 15, max: 240, internal: 120, statusPage: 120 };
}

export function checkCadence(severity: Priority, field: string, minutes: number, statusPage = false): number {
  const { min, max } = cadenceLimits(severity);
  const top = statusPage ? 240 : max;
  if (!Number.isInteger(minutes) || minutes < min || minutes > top) {
    throw fieldError(field, `must be ${min}–${top} minutes for a ${severity} incident`);
  }
  return minutes;
}

export const STATUS_WORDS = { INVESTIGATING: 'Investigating', IDENTIFIED: 'Identified', MONITORING: 'Monitoring', RESOLVED: 'Resolved' } as const;
/** Kinds the system writes; people write the others. */
export const SYSTEM_KINDS: readonly TimelineEntryKind[] = ['ROLE_CHANGE', 'STATUS_CHANGE', 'LINKED_TICKET'];
export const TIMELINE_EVENT_TYPES = ['INCIDENT_TIMELINE_ENTRY', 'INCIDENT_TIMELINE_ENTRY_EDITED'] as const;

export function incidentSnapshot(i: Incident) {
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    severity: i.severity,
    status: i.status,
    incidentCommanderId: i.incidentCommanderId,
    usersImpacted: i.usersImpacted,
    nextInternalUpdateDueAt: i.nextInternalUpdateDueAt?.toISOString() ?? null,
    nextStatusPageUpdateDueAt: i.nextStatusPageUpdateDueAt?.toISOString() ?? null,
    monitoringUntil: i.monitoringUntil?.toISOString() ?? null,
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
  };
}

export interface EntrySnapshot {
  id: string;
  incidentId: string;
  kind: TimelineEntryKind;
  body: string;
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
  editedAt: string | null;
  revisions: number;
}

export function entrySnapshot(e: IncidentTimelineEntry, authorName: string | null, revisions = 0): EntrySnapshot {
  return {
    id: e.id,
    incidentId: e.incidentId,
    kind: e.kind,
    body: e.body,
    authorId: e.authorId,
    authorName,
    createdAt: e.createdAt.toISOString(),
    editedAt: e.editedAt?.toISOString() ?? null,
    revisions,
  };
}

/** Writes a timeline entry and its event; everything in the war room is told through these. */
export async function addEntry(
  tx: Tx,
  emit: Emit,
  deps: Deps,
  incident: Pick<Incident, 'id' | 'number'>,
  kind: TimelineEntryKind,
  body: string,
  author: { id: string; name: string } | null,
): Promise<IncidentTimelineEntry> {
  const entry = await tx.incidentTimelineEntry.create({
    data: { incidentId: incident.id, kind, body, authorId: author?.id ?? null, createdAt: deps.clock.now() },
  });
  emit({
    topic: 'incidents',
    type: 'INCIDENT_TIMELINE_ENTRY',
    entityType: 'Incident',
    entityId: incident.id,
    payload: { incidentNumber: incident.number, entry: { ...entrySnapshot(entry, author?.name ?? null) } },
  });
  return entry;
}

export async function authorOf(tx: Tx, userId: string | null | undefined): Promise<{ id: string; name: string } | null> {
  if (!userId) return null;
  return tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true } });
}

/** An incident by id; with `openFor`, one that is not resolved yet (the message says what was refused). */
export async function loadIncident(tx: Tx, id: string, openFor?: string): Promise<Incident> {
  const incident = isUuid(id) ? await tx.incident.findUnique({ where: { id } }) : null;
  if (!incident) throw notFound(`Incident ${id.slice(0, 40)}`);
  if (openFor && incident.status === 'RESOLVED') {
    throw fieldError('input.incidentId', `incident #${incident.number} is resolved: ${openFor}`);
  }
  return incident;
}

/** An active user who can take a war-room role. */
export async function staffMember(tx: Tx, userId: string, field: string): Promise<{ id: string; name: string; email: string }> {
  const user = isUuid(userId)
    ? await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, active: true, role: true } })
    : null;
  if (!user || !user.active) throw fieldError(field, 'no active user with that id');
  if (user.role === 'VIEWER') throw fieldError(field, 'a viewer cannot take a role in an incident');
  return { id: user.id, name: user.name, email: user.email };
}

export async function tickChecklist(tx: Tx, incidentId: string, key: ChecklistKey, userId: string | null, at: Date): Promise<void> {
  await tx.incidentChecklistItem.updateMany({ where: { incidentId, key, doneAt: null }, data: { doneAt: at, doneById: userId } });
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / MINUTE_MS);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h ${m} min` : `${m} min`;
}
