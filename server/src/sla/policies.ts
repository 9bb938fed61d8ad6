// SLA policies: the targets of one channel × priority (stored rows, editable by managers), the one
// a ticket's clocks run on, and editing them.
import { type Channel, HoursBasis, type Prisma, type Priority, type SlaClockKind, type SlaPolicy, type Ticket } from '@opsboard/db';
import { z } from 'zod';
import type { Tx } from '../platform/events.ts';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { describeTarget, toWorkCalendar, type WorkCalendar } from './calendar.ts';

export interface ClockTarget {
  minutes: number;
  basis: HoursBasis;
}

const TARGET_FIELDS: Record<SlaClockKind, { minutes: keyof SlaPolicy; basis: keyof SlaPolicy }> = {
  TRIAGE: { minutes: 'triageMinutes', basis: 'triageBasis' },
  FIRST_RESPONSE: { minutes: 'firstResponseMinutes', basis: 'firstResponseBasis' },
  USER_UPDATE: { minutes: 'userUpdateMinutes', basis: 'userUpdateBasis' },
  RESOLUTION: { minutes: 'resolutionMinutes', basis: 'resolutionBasis' },
};

export function policyTarget(policy: SlaPolicy, kind: SlaClockKind): ClockTarget {
  const f = TARGET_FIELDS[kind];
  return { minutes: policy[f.minutes] as number, basis: policy[f.basis] as HoursBasis };
}

/**
 * "4 business hours", "2 hours": the first-response promise of a policy, as the auto-acknowledgement
 * (and the {{expected_response_time}} placeholder) tells the requester. The FIRST_RESPONSE clock
 * runs on `policyTarget(policy, 'FIRST_RESPONSE')` of the same policy, so the two cannot disagree.
 */
export function expectedResponseTime(policy: SlaPolicy): string {
  const target = policyTarget(policy, 'FIRST_RESPONSE');
  return describeTarget(target.minutes, target.basis);
}

export interface LoadedPolicy {
  policy: SlaPolicy;
  cal: WorkCalendar;
}

/** The policy of a channel × priority with its calendar (the policy's own, else the default one). */
export async function loadPolicy(tx: Tx, channel: Channel, priority: Priority): Promise<LoadedPolicy> {
  const policy = await tx.slaPolicy.findUnique({ where: { channel_priority: { channel, priority } } });
  if (!policy) throw new Error(`no SLA policy for ${channel} ${priority}`);
  const calendar = await tx.businessCalendar.findFirst({
    where: policy.calendarId ? { id: policy.calendarId } : { isDefault: true },
    include: { holidays: { select: { date: true } } },
  });
  if (!calendar) throw new Error('no business calendar');
  return { policy, cal: toWorkCalendar(calendar) };
}

/**
 * Before triage the priority is unknown and the channel's P2 row stands in: for TRIAGE (every P1–P3
 * row has the same triage target) and for FIRST_RESPONSE, whose P2 target is what the
 * auto-acknowledgement promises an untriaged ticket. Triage re-targets the clocks to the real priority.
 */
export const UNTRIAGED_PRIORITY: Priority = 'P2';

/** The policy a ticket's clocks run on now: its priority's, or the untriaged stand-in's. */
export function ticketPolicy(tx: Tx, ticket: Pick<Ticket, 'channel' | 'priority'>): Promise<LoadedPolicy> {
  return loadPolicy(tx, ticket.channel, ticket.priority ?? UNTRIAGED_PRIORITY);
}

const target = z
  .number()
  .int('must be whole minutes')
  .min(1, 'must be at least 1 minute')
  .max(366 * 24 * 60, 'must be at most a year');
export const UpdateSlaPolicyInput = z
  .object({
    triageMinutes: target.optional().nullable(),
    triageBasis: z.enum(HoursBasis).optional().nullable(),
    firstResponseMinutes: target.optional().nullable(),
    firstResponseBasis: z.enum(HoursBasis).optional().nullable(),
    userUpdateMinutes: target.optional().nullable(),
    userUpdateBasis: z.enum(HoursBasis).optional().nullable(),
    resolutionMinutes: target.optional().nullable(),
    resolutionBasis: z.enum(HoursBasis).optional().nullable(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined && x !== null), { message: 'nothing to change' });
export type UpdateSlaPolicyInput = z.input<typeof UpdateSlaPolicyInput>;

/**
 * Edits one channel × priority policy; clocks started from now on use the new targets. The event's
 * `changes` name the fields an admin set (data migrations read them to leave edited targets alone).
 */
export async function updateSlaPolicy(deps: Deps, actor: Actor | null, id: string, raw: UpdateSlaPolicyInput): Promise<SlaPolicy> {
  const input = parseInput(UpdateSlaPolicyInput, raw);
  return transact(deps, async (tx, emit) => {
    const current = await tx.slaPolicy.findUnique({ where: { id } });
    if (!current) throw notFound(`SLA policy ${id}`);
    const data = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null));
    const policy = await tx.slaPolicy.update({ where: { id }, data: { ...data, updatedAt: deps.clock.now() } });
    if (policy.resolutionMinutes < policy.firstResponseMinutes && policy.resolutionBasis === policy.firstResponseBasis) {
      throw fieldError('input.resolutionMinutes', 'must not be shorter than the first-response target');
    }
    emit({
      topic: 'sla',
      type: 'SLA_POLICY_UPDATED',
      entityType: 'SlaPolicy',
      entityId: id,
      payload: { policy: { ...policy, updatedAt: policy.updatedAt.toISOString() }, changedBy: actor?.userId ?? null, changes: data as Prisma.InputJsonObject },
    });
    return policy;
  });
}
