import { createHash, randomBytes } from 'node:crypto';
import {
  Channel,
  Closure,
  EscalationLevel,
  type EscalationReason,
  type HoursBasis,
  MessageDirection,
  MessageKind,
  Priority,
  SlaClockKind,
  SlaClockState,
  TicketStatus,
  TicketType,
  type Prisma,
} from '@opsboard/db';
import { CONFIRMATIONS, CURRENT_WORK, FEATURE_QUESTIONS, FINDINGS, QUESTIONS, REOPEN_MESSAGES, SELF_HELP_LINKS, SITUATIONS, THANKS } from './demo-catalog.ts';
import { type EscalationPlan, firstResponseClock, type RequesterPlan, type SeedContext, type TicketPlan } from './demo-tickets.ts';
import { RESPONSE_TEMPLATES, slaTargets, type TemplateKey } from './reference.ts';
import { renderTemplate } from '../templates/placeholders.ts';
import { describeTarget } from '../sla/calendar.ts';
import { addBusinessMinutes, addMinutes, addTarget } from './time.ts';
import { insertRows, insertTickets } from './bulk.ts';

type Tx = Prisma.TransactionClient;

const escalationLevel = (p: TicketPlan): EscalationLevel => p.escalations.at(-1)?.to ?? EscalationLevel.L1;

function lastUpdate(p: TicketPlan): Date | null {
  const outbound = [p.firstRespondedAt, ...p.userUpdates, p.resolvedAt].filter((d): d is Date => d !== null);
  return outbound.at(-1) ?? null;
}

function progressTimes(p: TicketPlan): Date[] {
  return [p.triagedAt, p.firstRespondedAt, ...p.userUpdates, ...p.escalations.map((e) => e.at), p.userReplyAt, p.reopenedAt, p.resolvedAt, p.closedAt]
    .filter((d): d is Date => d !== null)
    .sort((a, b) => a.getTime() - b.getTime());
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function formatWhen(date: Date, timeZone: string): string {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'long',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    dateFormats.set(timeZone, f);
  }
  return f.format(date);
}

function templateValues(ctx: SeedContext, p: TicketPlan, number: number): Record<string, string> {
  const { rng, cal } = ctx;
  const s = p.scenario;
  const from = p.firstRespondedAt ?? p.createdAt;
  // P0/P1 promise the next update within their interval; the rest promise the next working day.
  const updateBy =
    p.priority === Priority.P0 || p.priority === Priority.P1
      ? addMinutes(from, slaTargets(p.channel, p.priority).userUpdateMinutes)
      : addBusinessMinutes(from, 8 * 60, cal);
  const n = rng.pick([2, 3]);
  const first = rng.int(0, QUESTIONS.length - n);
  const untriaged = slaTargets(p.channel, Priority.P2);
  return {
    requester_name: p.requester.name?.split(' ')[0] ?? p.requester.handle ?? 'there',
    ticket_number: `PM-${number}`,
    ticket_title: p.title,
    agent_name: p.ownerId ? ctx.nameOf(p.ownerId) : 'Support team',
    // What the auto-acknowledgement promised: the untriaged first-response target the clock starts on.
    expected_response_time: describeTarget(untriaged.firstResponseMinutes, untriaged.firstResponseBasis),
    self_help_links: SELF_HELP_LINKS,
    feature: s.feature,
    situation: rng.pick(SITUATIONS),
    initial_findings: rng.pick(FINDINGS),
    current_work: rng.pick(CURRENT_WORK),
    questions: s.type === TicketType.FEATURE_REQUEST ? FEATURE_QUESTIONS.join('\n') : QUESTIONS.slice(first, first + n).join('\n'),
    update_by: formatWhen(updateBy, cal.timeZone),
    workaround: s.workaround ?? 'There is no workaround yet, so this has our full attention.',
    answer: s.answer ?? 'Here is what we found.',
    fix_description: s.fix ?? 'Shipped a fix for the underlying problem',
    verify_steps: s.verify ?? 'the same steps again',
  };
}

export interface TicketRows {
  messages: Prisma.TicketMessageCreateManyInput[];
  activities: Prisma.TicketActivityCreateManyInput[];
  clocks: Prisma.SlaClockCreateManyInput[];
  escalations: Prisma.EscalationCreateManyInput[];
  csat: Prisma.CsatResponseCreateManyInput[];
}

export function ticketRows(ctx: SeedContext, p: TicketPlan, number: number, requesterId: string, rows: TicketRows): void {
  const { rng } = ctx;
  const values = templateValues(ctx, p, number);
  const ticketId = p.id;
  const say = (kind: MessageKind, at: Date, key: TemplateKey | null, body: string, authorId: string | null) =>
    rows.messages.push({ ticketId, direction: MessageDirection.OUTBOUND, kind, body, authorId, templateKey: key, createdAt: at });
  const hear = (at: Date, body: string, externalId: string | null = null) =>
    rows.messages.push({ ticketId, direction: MessageDirection.INBOUND, kind: MessageKind.MESSAGE, body, requesterId, externalId, createdAt: at });
  const render = (key: TemplateKey) => renderTemplate(RESPONSE_TEMPLATES[key].body, values);
  const act = (at: Date, action: string, actorId: string | null, extra: Partial<Prisma.TicketActivityCreateManyInput> = {}) =>
    rows.activities.push({ ticketId, action, actorId, createdAt: at, ...extra });
  const status = (at: Date, actorId: string | null, from: TicketStatus, to: TicketStatus) =>
    act(at, 'status_changed', actorId, { field: 'status', fromValue: from, toValue: to });

  hear(p.createdAt, p.description, p.channel === Channel.EMAIL ? p.externalRef : null);
  act(p.createdAt, 'created', null, { data: { channel: p.channel } });
  say(MessageKind.AUTO_ACKNOWLEDGEMENT, p.acknowledgedAt, 'auto_acknowledgement', render('auto_acknowledgement'), null);

  if (p.triagedAt && p.priority) {
    act(p.triagedAt, 'triaged', p.triagerId, { field: 'priority', toValue: p.priority, data: { type: p.type, ownerId: p.ownerId } });
    act(p.triagedAt, 'owner_changed', p.triagerId, { field: 'owner', toValue: p.ownerId });
    status(p.triagedAt, p.triagerId, TicketStatus.NEW, TicketStatus.TRIAGED);
  }
  if (p.firstRespondedAt) {
    say(MessageKind.RESPONSE, p.firstRespondedAt, p.responseTemplate, render(p.responseTemplate), p.ownerId);
    status(
      p.firstRespondedAt,
      p.ownerId,
      TicketStatus.TRIAGED,
      p.status === TicketStatus.WAITING_ON_USER ? TicketStatus.WAITING_ON_USER : TicketStatus.IN_PROGRESS,
    );
  }
  if (p.userReplyAt) hear(p.userReplyAt, 'Here are the details you asked for: it happens every time, on Chrome, in the Year 9 class. Screenshot attached.');
  for (const at of p.userUpdates) {
    say(
      MessageKind.USER_UPDATE,
      at,
      null,
      `Hi ${values.requester_name}, a quick update on ${values.ticket_number}: we're still ${rng.pick(CURRENT_WORK)}. I'll update you again soon.\n\n${values.agent_name}`,
      p.ownerId,
    );
  }
  for (const e of p.escalations) {
    act(e.at, 'escalated', e.byId, { field: 'escalationLevel', fromValue: e.from, toValue: e.to, data: { reason: e.reason, automatic: e.automatic } });
    rows.escalations.push({
      ticketId,
      fromLevel: e.from,
      toLevel: e.to,
      reason: e.reason,
      automatic: e.automatic,
      escalatedById: e.byId,
      assignedToId: e.toId,
      createdAt: e.at,
      template: escalationTemplate(ctx, p, values, e),
      ...demoAgenda(ctx.now, p.priority, e.at),
    });
  }
  const notice = (at: Date) => {
    const sign = `\n\n${values.agent_name}`;
    // The resolution template speaks of a fixed issue; answers and planned features close differently.
    if (p.type === TicketType.FEATURE_REQUEST) {
      say(
        MessageKind.RESOLUTION_NOTICE,
        at,
        null,
        `Hi ${values.requester_name}, ${p.scenario.feature} is now on our roadmap for an upcoming sprint. We'll let you know when it ships. Thank you for the suggestion!${sign}`,
        p.ownerId,
      );
    } else if (p.type === TicketType.QUESTION || p.type === TicketType.FEEDBACK) {
      say(
        MessageKind.RESOLUTION_NOTICE,
        at,
        null,
        `Hi ${values.requester_name}, I'm marking ${values.ticket_number} as resolved. Just reply to this message if you need anything else.${sign}`,
        p.ownerId,
      );
    } else {
      say(MessageKind.RESOLUTION_NOTICE, at, 'resolution_notification', render('resolution_notification'), p.ownerId);
    }
    status(at, p.ownerId, TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED);
  };
  if (p.firstResolvedAt && p.reopenedAt) {
    notice(p.firstResolvedAt);
    hear(p.reopenedAt, rng.pick(REOPEN_MESSAGES));
    act(p.reopenedAt, 'reopened', null, { field: 'status', fromValue: TicketStatus.RESOLVED, toValue: TicketStatus.IN_PROGRESS });
  }
  if (p.resolvedAt) notice(p.resolvedAt);
  if (p.confirmedAt) {
    hear(p.confirmedAt, rng.pick(p.type === TicketType.BUG || p.type === TicketType.ACCOUNT_ACCESS ? CONFIRMATIONS : THANKS));
    act(p.confirmedAt, 'user_confirmed', null, { data: { via: 'reply', how: 'REPLY' } });
  }
  if (p.closedAt) status(p.closedAt, p.ownerId, TicketStatus.RESOLVED, TicketStatus.CLOSED);
  if (p.csat) {
    rows.csat.push({ ticketId, tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'), ...p.csat });
  }
  rows.clocks.push(...slaClocks(ctx, p));
}

function escalationTemplate(ctx: SeedContext, p: TicketPlan, v: Record<string, string>, e: EscalationPlan): Prisma.InputJsonValue {
  const impact = p.usersImpacted ? `${p.usersImpacted} users affected` : 'Single user so far';
  const needed: Record<EscalationReason, string> = {
    MANUAL: 'A second pair of eyes',
    P0: 'All hands: incident commander, fix or rollback',
    USERS_IMPACTED: 'Engineering to take over the investigation',
    NO_PROGRESS: 'Help to move this forward; no progress in 4+ hours',
    UPSET_USER: 'A manager to contact the customer',
    SECURITY: 'Senior engineer to assess the security impact',
    PRESS: 'Management to handle the press inquiry',
    EXPERTISE: 'Someone who knows this part of the system',
  };
  const priority = p.priority ?? 'untriaged';
  return {
    subject: `ESCALATION: ${priority} - ${p.title}`,
    priority,
    ticket: v.ticket_number ?? '',
    user: `${p.requester.name ?? p.requester.handle ?? 'Unknown'} / ${p.requester.email ?? p.requester.handle ?? ''}`,
    issue: p.description.split('\n')[0] ?? p.title,
    impact,
    attempted: ctx.rng.pick([
      'Reproduced it and checked the logs',
      'Cleared caches and retried; checked the status page',
      'Walked the user through the usual workaround',
    ]),
    needed: needed[e.reason],
    timeline: p.priority === Priority.P0 ? 'Immediate' : p.priority === Priority.P1 ? 'Today' : 'This week',
  };
}

function slaClocks(ctx: SeedContext, p: TicketPlan): Prisma.SlaClockCreateManyInput[] {
  const { now, cal } = ctx;
  // Before triage the priority is unknown; every P1–P3 row has the same triage target, so P2's stands in.
  const t = slaTargets(p.channel, p.priority ?? Priority.P2);
  type Schedule = { dueAt: Date; atRiskAt: Date };
  const from = (start: Date, minutes: number, basis: HoursBasis): Schedule => ({
    dueAt: addTarget(start, minutes, basis, cal),
    atRiskAt: addTarget(start, minutes * 0.75, basis, cal),
  });
  const clock = (kind: SlaClockKind, start: Date, minutes: number, basis: HoursBasis, done: Date | null, due = from(start, minutes, basis)) => {
    const { dueAt, atRiskAt } = due;
    const at = done ?? now;
    const breached = at >= dueAt;
    const state = breached ? SlaClockState.BREACHED : done ? SlaClockState.MET : at >= atRiskAt ? SlaClockState.AT_RISK : SlaClockState.RUNNING;
    return {
      ticketId: p.id,
      kind,
      state,
      basis,
      targetMinutes: minutes,
      startedAt: start,
      dueAt,
      atRiskAt,
      atRiskEmittedAt: at >= atRiskAt ? atRiskAt : null,
      breachedAt: breached ? dueAt : null,
      metAt: state === SlaClockState.MET ? done : null,
      updatedAt: breached ? dueAt : at,
    } satisfies Prisma.SlaClockCreateManyInput;
  };
  // FIRST_RESPONSE from arrival, on the untriaged target until triage re-targets it.
  const frc = firstResponseClock(cal, p.channel, p.priority, p.createdAt, p.triagedAt);
  const out = [
    clock(SlaClockKind.TRIAGE, p.createdAt, t.triageMinutes, t.triageBasis, p.triagedAt),
    clock(SlaClockKind.FIRST_RESPONSE, p.createdAt, frc.minutes, frc.basis, p.firstRespondedAt, frc),
  ];
  if (!p.priority) return out;
  if (p.firstRespondedAt) {
    const since = [p.firstRespondedAt, ...p.userUpdates].at(-1) ?? p.firstRespondedAt;
    out.push(clock(SlaClockKind.USER_UPDATE, since, t.userUpdateMinutes, t.userUpdateBasis, p.resolvedAt));
  }
  out.push(clock(SlaClockKind.RESOLUTION, p.createdAt, t.resolutionMinutes, t.resolutionBasis, p.resolvedAt));
  return out;
}

export function ticketRow(p: TicketPlan, requesterId: string): Prisma.TicketCreateManyInput {
  const progress = progressTimes(p);
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    channel: p.channel,
    type: p.type,
    priority: p.priority,
    status: p.status,
    reopenCount: p.reopenedAt ? 1 : 0,
    escalationLevel: escalationLevel(p),
    usersImpacted: p.usersImpacted,
    externalRef: p.externalRef,
    tags: p.tags,
    ownerId: p.ownerId,
    requesterId,
    createdAt: p.createdAt,
    updatedAt: progress.at(-1) ?? p.acknowledgedAt,
    acknowledgedAt: p.acknowledgedAt,
    triagedAt: p.triagedAt,
    firstRespondedAt: p.firstRespondedAt,
    lastUserUpdateAt: lastUpdate(p),
    lastProgressAt: progress.at(-1) ?? null,
    resolvedAt: p.resolvedAt,
    closedAt: p.closedAt,
    // The resolution notice asked "did this fix it?"; a close without the user's answer was the quiet period's.
    confirmationAskedAt: p.resolvedAt,
    closure: p.closedAt ? (p.confirmedAt ? Closure.USER_CONFIRMED : Closure.AUTO_CLOSED) : null,
    closeReason: p.closedAt && !p.confirmedAt ? 'No answer after the user was asked whether the fix works, and reminded once' : null,
  };
}

/** Writes requesters, tickets and everything hanging off them; returns ticket id → number. */
export async function writeTickets(tx: Tx, ctx: SeedContext, plans: readonly TicketPlan[]): Promise<Map<string, number>> {
  const requesters = new Map(plans.map((p) => [p.requester.id, p.requester]));
  const all = [...requesters.values()];
  const emailed = all.filter((r) => r.email !== null);
  const firstContact = new Map<string, Date>();
  for (const p of plans) {
    const seen = firstContact.get(p.requester.id);
    if (!seen || p.createdAt < seen) firstContact.set(p.requester.id, p.createdAt);
  }
  await insertRows(
    tx,
    'Requester',
    all.map(({ id, email, name, handle, channel }) => ({ id, email, name, handle, channel, createdAt: firstContact.get(id) })),
    'ON CONFLICT DO NOTHING',
  );
  // A requester who already existed keeps their row; point the tickets at it.
  const existing = await tx.requester.findMany({ where: { email: { in: emailed.map((r) => r.email ?? '') } }, select: { id: true, email: true } });
  const byEmail = new Map(existing.map((r) => [r.email, r.id]));
  const requesterId = (r: RequesterPlan) => (r.email ? (byEmail.get(r.email) ?? r.id) : r.id);

  const sorted = [...plans].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const created = await insertTickets(
    tx,
    sorted.map((p) => ticketRow(p, requesterId(p.requester))),
  );
  const numbers = new Map(created.map((t) => [t.id, t.number]));

  const rows: TicketRows = { messages: [], activities: [], clocks: [], escalations: [], csat: [] };
  for (const p of sorted) ticketRows(ctx, p, numbers.get(p.id) ?? 0, requesterId(p.requester), rows);
  await insertRows(tx, 'TicketMessage', rows.messages);
  await insertRows(tx, 'TicketActivity', rows.activities);
  await insertRows(tx, 'SlaClock', rows.clocks);
  await insertRows(tx, 'Escalation', rows.escalations);
  await insertRows(tx, 'CsatResponse', rows.csat);
  return numbers;
}

/** The send-to lists of P2 (daily stand-up) and P3 (weekly review); anything older than a week has been discussed. */
function demoAgenda(now: Date, priority: Priority | null, at: Date): Pick<Prisma.EscalationCreateManyInput, 'agenda' | 'discussedAt'> {
  const agenda = priority === Priority.P2 ? 'DAILY_STANDUP' : priority === Priority.P3 ? 'WEEKLY_REVIEW' : null;
  if (!agenda) return {};
  const discussed = now.getTime() - at.getTime() > 7 * 86_400_000;
  return { agenda, discussedAt: discussed ? new Date(at.getTime() + (agenda === 'DAILY_STANDUP' ? 1 : 7) * 86_400_000) : null };
}
