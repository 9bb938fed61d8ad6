// The war-room timeline written by people (notes, actions, internal and status-page updates), edits
// that keep their history, the checklist, and the update cadence with its overdue reminders.
import type { Incident, IncidentTimelineEntry } from '@opsboard/db';
import { z } from 'zod';
import { runExclusive } from '../platform/jobs.ts';
import { text } from '../platform/validation.ts';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import {
  addEntry,
  authorOf,
  CHECKLIST,
  DEFAULT_PUBLIC_TITLE,
  checkCadence,
  entrySnapshot,
  incidentSnapshot,
  loadIncident,
  MINUTE_MS,
  SYSTEM_KINDS,
  tickChecklist,
} from './model.ts';

const body = z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10000 characters');

export const EntryInput = z.object({
  incidentId: z.uuid('must be an incident id'),
  kind: z.enum(['NOTE', 'ACTION', 'INTERNAL_UPDATE', 'STATUS_PAGE_UPDATE'], {
    message: 'must be NOTE, ACTION, INTERNAL_UPDATE or STATUS_PAGE_UPDATE (the others are written by the system)',
  }),
  body,
});
export type EntryInput = z.input<typeof EntryInput>;

/** Adds an entry; an internal or status-page update restarts its cadence countdown. */
export async function addTimelineEntry(deps: Deps, actor: Actor | null, raw: EntryInput): Promise<IncidentTimelineEntry> {
  const input = parseInput(EntryInput, raw);
  return transact(deps, async (tx, emit) => {
    const incident = await loadIncident(tx, input.incidentId, 'its timeline is closed (write in the post-mortem)');
    const now = deps.clock.now();
    const author = await authorOf(tx, actor?.userId);
    const entry = await addEntry(tx, emit, deps, incident, input.kind, input.body, author);
    if (input.kind === 'INTERNAL_UPDATE' || input.kind === 'STATUS_PAGE_UPDATE') {
      const internal = input.kind === 'INTERNAL_UPDATE';
      const next = new Date(now.getTime() + (internal ? incident.internalUpdateMinutes : incident.statusPageUpdateMinutes) * MINUTE_MS);
      const updated = await tx.incident.update({
        where: { id: incident.id },
        data: internal
          ? { lastInternalUpdateAt: now, nextInternalUpdateDueAt: next, lastReminderAt: null, updatedAt: now }
          : { lastStatusPageUpdateAt: now, nextStatusPageUpdateDueAt: next, lastStatusPageReminderAt: null, updatedAt: now },
      });
      if (!internal) await tickChecklist(tx, incident.id, 'start_status_page_updates', author?.id ?? null, now);
      emit({
        topic: 'incidents',
        type: 'INCIDENT_UPDATE_POSTED',
        entityType: 'Incident',
        entityId: incident.id,
        payload: { incident: incidentSnapshot(updated), kind: input.kind },
      });
    }
    return entry;
  });
}

export const EditEntryInput = z.object({ entryId: z.uuid('must be a timeline entry id'), body });
export type EditEntryInput = z.input<typeof EditEntryInput>;

/** Corrects an entry; the earlier text is kept as a revision. */
export async function editTimelineEntry(deps: Deps, actor: Actor | null, raw: EditEntryInput): Promise<IncidentTimelineEntry> {
  const input = parseInput(EditEntryInput, raw);
  return transact(deps, async (tx, emit) => {
    const entry = await tx.incidentTimelineEntry.findUnique({ where: { id: input.entryId } });
    if (!entry) throw notFound(`Timeline entry ${input.entryId}`);
    if (SYSTEM_KINDS.includes(entry.kind)) throw fieldError('input.entryId', `a ${entry.kind} entry is written by the system and cannot be edited`);
    await loadIncident(tx, entry.incidentId, 'its timeline is closed (write in the post-mortem)');
    if (entry.body === input.body) return entry;
    const now = deps.clock.now();
    await tx.timelineEntryRevision.create({ data: { entryId: entry.id, body: entry.body, editedById: actor?.userId ?? null, createdAt: now } });
    const updated = await tx.incidentTimelineEntry.update({ where: { id: entry.id }, data: { body: input.body, editedAt: now } });
    const revisions = await tx.timelineEntryRevision.count({ where: { entryId: entry.id } });
    const author = await authorOf(tx, updated.authorId);
    emit({
      topic: 'incidents',
      type: 'INCIDENT_TIMELINE_ENTRY_EDITED',
      entityType: 'Incident',
      entityId: entry.incidentId,
      payload: { entry: { ...entrySnapshot(updated, author?.name ?? null, revisions) }, editedById: actor?.userId ?? null },
    });
    return updated;
  });
}

export const ChecklistInput = z.object({
  incidentId: z.uuid('must be an incident id'),
  key: z.enum(CHECKLIST.map((c) => c.key) as [string, ...string[]]),
  done: z.boolean(),
});
export type ChecklistInput = z.input<typeof ChecklistInput>;

export async function setChecklistItem(deps: Deps, actor: Actor | null, raw: ChecklistInput): Promise<Incident> {
  const input = parseInput(ChecklistInput, raw);
  return transact(deps, async (tx, emit) => {
    const incident = await loadIncident(tx, input.incidentId, 'its checklist is closed');
    const now = deps.clock.now();
    await tx.incidentChecklistItem.update({
      where: { incidentId_key: { incidentId: incident.id, key: input.key } },
      data: input.done ? { doneAt: now, doneById: actor?.userId ?? null } : { doneAt: null, doneById: null },
    });
    const label = CHECKLIST.find((c) => c.key === input.key)?.label ?? input.key;
    await addEntry(tx, emit, deps, incident, 'ACTION', `${input.done ? 'Done' : 'Not done after all'}: ${label}.`, await authorOf(tx, actor?.userId));
    return tx.incident.update({ where: { id: incident.id }, data: { updatedAt: now } });
  });
}

export const CadenceInput = z.object({
  incidentId: z.uuid('must be an incident id'),
  internalUpdateMinutes: z.number().int().optional().nullable(),
  statusPageUpdateMinutes: z.number().int().optional().nullable(),
});
export type CadenceInput = z.input<typeof CadenceInput>;

/** Changes the cadence; the next due time counts from the last update (or the declaration). */
export async function setIncidentCadence(deps: Deps, _actor: Actor | null, raw: CadenceInput): Promise<Incident> {
  const input = parseInput(CadenceInput, raw);
  return transact(deps, async (tx, emit) => {
    const incident = await loadIncident(tx, input.incidentId, 'there are no more updates to schedule');
    const internal = checkCadence(incident.severity, 'input.internalUpdateMinutes', input.internalUpdateMinutes ?? incident.internalUpdateMinutes);
    const statusPage = checkCadence(
      incident.severity,
      'input.statusPageUpdateMinutes',
      input.statusPageUpdateMinutes ?? incident.statusPageUpdateMinutes,
      true,
    );
    const from = (at: Date | null) => (at ?? incident.declaredAt).getTime();
    const updated = await tx.incident.update({
      where: { id: incident.id },
      data: {
        internalUpdateMinutes: internal,
        statusPageUpdateMinutes: statusPage,
        updatedAt: deps.clock.now(),
        nextInternalUpdateDueAt: new Date(from(incident.lastInternalUpdateAt) + internal * MINUTE_MS),
        nextStatusPageUpdateDueAt: new Date(from(incident.lastStatusPageUpdateAt) + statusPage * MINUTE_MS),
      },
    });
    emit({
      topic: 'incidents',
      type: 'INCIDENT_CADENCE_CHANGED',
      entityType: 'Incident',
      entityId: incident.id,
      payload: { incident: incidentSnapshot(updated) },
    });
    return updated;
  });
}

export const PublicTitleInput = z.object({
  incidentId: z.uuid('must be an incident id'),
  publicTitle: text(200).optional().nullable(),
});
export type PublicTitleInput = z.input<typeof PublicTitleInput>;

/** Names the incident on the public status page (null: the neutral default); noted on the timeline. */
export async function setIncidentPublicTitle(deps: Deps, actor: Actor | null, raw: PublicTitleInput): Promise<Incident> {
  const input = parseInput(PublicTitleInput, raw);
  return transact(deps, async (tx, emit) => {
    const incident = await loadIncident(tx, input.incidentId);
    const updated = await tx.incident.update({
      where: { id: incident.id },
      data: { publicTitle: input.publicTitle ?? null, updatedAt: deps.clock.now() },
    });
    const body = input.publicTitle ? `Status page title set to "${input.publicTitle}".` : `Status page title reset to "${DEFAULT_PUBLIC_TITLE}".`;
    await addEntry(tx, emit, deps, updated, 'NOTE', body, await authorOf(tx, actor?.userId));
    emit({
      topic: 'incidents',
      type: 'INCIDENT_PUBLIC_TITLE_CHANGED',
      entityType: 'Incident',
      entityId: incident.id,
      payload: { incident: incidentSnapshot(updated) },
    });
    return updated;
  });
}

/**
 * The k-th reminder of an overdue update is due at dueAt + k × cadence; one is sent per slot until
 * an update is posted (which moves dueAt and clears the reminder mark).
 */
export function reminderSlot(dueAt: Date, cadenceMinutes: number, now: Date): { slot: Date; reminder: number } | null {
  if (now < dueAt) return null;
  const k = Math.floor((now.getTime() - dueAt.getTime()) / (cadenceMinutes * MINUTE_MS));
  return { slot: new Date(dueAt.getTime() + k * cadenceMinutes * MINUTE_MS), reminder: k + 1 };
}

export const INCIDENT_REMINDERS_JOB = 'incident-reminders';

/** The job: INCIDENT_UPDATE_OVERDUE at the cadence while an update is late; POSTMORTEM_OVERDUE once. */
export async function runIncidentReminders(deps: Deps): Promise<{ reminders: number; postmortems: number }> {
  const result = await runExclusive(deps, INCIDENT_REMINDERS_JOB, async (tx, emit) => {
    const now = deps.clock.now();
    let reminders = 0;
    const late = await tx.incident.findMany({
      where: { status: { not: 'RESOLVED' }, OR: [{ nextInternalUpdateDueAt: { lte: now } }, { nextStatusPageUpdateDueAt: { lte: now } }] },
    });
    for (const incident of late) {
      const kinds = [
        {
          kind: 'INTERNAL',
          dueAt: incident.nextInternalUpdateDueAt,
          cadence: incident.internalUpdateMinutes,
          last: incident.lastReminderAt,
          mark: 'lastReminderAt',
        },
        {
          kind: 'STATUS_PAGE',
          dueAt: incident.nextStatusPageUpdateDueAt,
          cadence: incident.statusPageUpdateMinutes,
          last: incident.lastStatusPageReminderAt,
          mark: 'lastStatusPageReminderAt',
        },
      ] as const;
      for (const k of kinds) {
        const slot = k.dueAt ? reminderSlot(k.dueAt, k.cadence, now) : null;
        if (!slot || (k.last && k.last >= slot.slot) || !k.dueAt) continue;
        await tx.incident.update({ where: { id: incident.id }, data: { [k.mark]: now } });
        reminders += 1;
        emit({
          topic: 'incidents',
          type: 'INCIDENT_UPDATE_OVERDUE',
          entityType: 'Incident',
          entityId: incident.id,
          payload: {
            incidentId: incident.id,
            number: incident.number,
            title: incident.title,
            kind: k.kind,
            dueAt: k.dueAt.toISOString(),
            overdueMinutes: Math.floor((now.getTime() - k.dueAt.getTime()) / MINUTE_MS),
            reminder: slot.reminder,
            commanderId: incident.incidentCommanderId,
          },
        });
      }
    }
    const overdue = await tx.postmortem.findMany({
      where: { status: 'DRAFT', dueAt: { lte: now }, overdueEmittedAt: null },
      include: { incident: { select: { id: true, number: true, title: true, incidentCommanderId: true } } },
    });
    for (const pm of overdue) {
      await tx.postmortem.update({ where: { id: pm.id }, data: { overdueEmittedAt: now } });
      emit({
        topic: 'incidents',
        type: 'POSTMORTEM_OVERDUE',
        entityType: 'Incident',
        entityId: pm.incidentId,
        payload: {
          incidentId: pm.incidentId,
          number: pm.incident.number,
          title: pm.incident.title,
          dueAt: pm.dueAt.toISOString(),
          commanderId: pm.incident.incidentCommanderId,
        },
      });
    }
    return { reminders, postmortems: overdue.length };
  });
  return result.ran ? result.result : { reminders: 0, postmortems: 0 };
}
