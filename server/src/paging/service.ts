// Paging: a page asks one person to take a ticket or an incident now, waits for an acknowledgement,
// and moves one step up the chain when nobody answers: the on-call engineer → the next person of the
// rotation (secondary) → the tech leads → the managers, each step once. A page goes out by e-mail
// (through quiet hours, with a single-use acknowledgement link), to the chat channel with <!channel>,
// as PAGE_* events (outgoing webhooks forward them to a phone-paging service), and in the app.
import { createHash, randomBytes } from 'node:crypto';
import type { Page, PageStep, PageState, Prisma } from '@opsboard/db';
import type { Emit, Tx } from '../platform/events.ts';
import { runExclusive } from '../platform/jobs.ts';
import { authError, fieldError, notFound } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import { isUuid } from '../platform/validation.ts';
import type { Actor } from '../auth/service.ts';
import { chatNotification, enqueueNotifications, incidentUrl, ticketUrl } from '../notifications/service.ts';
import { findRecipients } from '../notifications/preferences.ts';
import { onCallChain } from '../oncall/service.ts';
import { formatTicketNumber } from '../tickets/model.ts';
import { addEntry } from '../incidents/model.ts';
import { isWorkingTime, toWorkCalendar } from '../sla/calendar.ts';

export const PAGE_ESCALATION_JOB = 'page-escalation';

/** The chain, in order. */
export const PAGE_STEPS: readonly PageStep[] = ['ON_CALL', 'SECONDARY', 'TECH_LEADS', 'MANAGERS'];

export const STEP_WORDS: Record<PageStep, string> = {
  ON_CALL: 'the on-call engineer',
  SECONDARY: 'the secondary on call',
  TECH_LEADS: 'the tech leads',
  MANAGERS: 'the managers',
};

const ACTIVE: PageState[] = ['TRIGGERED', 'ACKNOWLEDGED'];
const MINUTE_MS = 60_000;
/** Roles that may acknowledge a page that did not ask them. */
const OVERSEERS = ['LEAD', 'MANAGER', 'ADMIN'];

export interface PageSubject {
  ticket?: { id: string; number: number; title: string; priority: string | null } | null;
  incident?: { id: string; number: number; title: string; severity: string } | null;
}

interface Person {
  id: string;
  name: string;
  email: string;
}

const pageInclude = {
  ticket: { select: { id: true, number: true, title: true, priority: true } },
  incident: { select: { id: true, number: true, title: true, severity: true } },
  target: { select: { id: true, name: true } },
  acknowledgedBy: { select: { id: true, name: true } },
} as const satisfies Prisma.PageInclude;
type PageRow = Prisma.PageGetPayload<{ include: typeof pageInclude }>;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Is `at` inside the business hours of the team's default calendar? */
export async function isBusinessTime(tx: Tx, at: Date): Promise<boolean> {
  const calendar = await tx.businessCalendar.findFirst({ where: { isDefault: true }, include: { holidays: { select: { date: true } } } });
  if (!calendar) return true;
  return isWorkingTime(at, toWorkCalendar(calendar));
}

type Chain = () => ReturnType<typeof onCallChain>;

/** Who is on call and the secondary, read at most once per page change. */
function chainOf(tx: Tx, deps: Deps): Chain {
  let read: ReturnType<typeof onCallChain> | undefined;
  return () => (read ??= onCallChain(deps, tx));
}

/** The people of a step, leaving out those the page already asked. */
async function peopleOf(tx: Tx, step: PageStep, chainNow: Chain, extra: string[], asked: Set<string>): Promise<Person[]> {
  let people: Person[];
  if (step === 'ON_CALL' || step === 'SECONDARY') {
    const chain = await chainNow();
    const ids = step === 'ON_CALL' ? [chain.primary?.id, ...extra] : [chain.secondary?.id];
    const wanted = ids.filter((id): id is string => !!id);
    const found = wanted.length ? await findRecipients(tx, { id: { in: wanted } }) : [];
    people = wanted.map((id) => found.find((p) => p.id === id)).filter((p): p is (typeof found)[number] => !!p);
  } else {
    people = await findRecipients(tx, { role: step === 'TECH_LEADS' ? 'LEAD' : 'MANAGER' });
  }
  return people.filter((p) => !asked.has(p.id) && !!asked.add(p.id));
}

/** The first step from `from` on that has someone to ask. */
async function nextStep(tx: Tx, chain: Chain, from: number, extra: string[], asked: Set<string>): Promise<{ step: PageStep; people: Person[] } | null> {
  for (let i = from; i < PAGE_STEPS.length; i++) {
    const step = PAGE_STEPS[i]!;
    const people = await peopleOf(tx, step, chain, extra, asked);
    if (people.length) return { step, people };
  }
  return null;
}

export function pageSnapshot(deps: Deps, page: PageRow) {
  return {
    id: page.id,
    state: page.state,
    step: page.step,
    reason: page.reason,
    suggested: page.suggested,
    afterHours: page.afterHours,
    createdAt: page.createdAt.toISOString(),
    acknowledgedAt: page.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: page.resolvedAt?.toISOString() ?? null,
    target: page.target,
    acknowledgedBy: page.acknowledgedBy,
    ticket: page.ticket ? { id: page.ticket.id, number: formatTicketNumber(deps.config.ticketPrefix, page.ticket.number) } : null,
    incident: page.incident ? { id: page.incident.id, number: page.incident.number } : null,
  };
}

function subjectLine(deps: Deps, page: PageRow): { title: string; link: string } {
  if (page.incident) {
    return {
      title: `${page.incident.severity} incident #${page.incident.number}: ${page.incident.title}`,
      link: incidentUrl(deps.config.publicUrl, page.incident.id),
    };
  }
  const number = page.ticket ? formatTicketNumber(deps.config.ticketPrefix, page.ticket.number) : '';
  return { title: `${page.ticket?.priority ?? 'Untriaged'} ${number}: ${page.ticket?.title ?? ''}`, link: ticketUrl(deps.config.publicUrl, number) };
}

/** A single-use acknowledgement link for `userId` (only its hash is stored). */
async function newLink(tx: Tx, deps: Deps, page: Page, userId: string, channel: 'EMAIL' | 'CHAT', now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.pageLink.create({ data: { pageId: page.id, userId, channel, tokenHash: hashToken(token), createdAt: now } });
  return `${deps.config.publicUrl}/ack/${token}`;
}

/** Writes where the page went: the ticket's history and the incident's timeline. */
async function record(tx: Tx, emit: Emit, deps: Deps, page: PageRow, action: string, words: string, actorId: string | null, from?: string) {
  const now = deps.clock.now();
  if (page.ticketId) {
    await tx.ticketActivity.create({ data: { ticketId: page.ticketId, actorId, action, fromValue: from ?? null, toValue: words, createdAt: now } });
  }
  if (page.incident) {
    const author = actorId ? await tx.user.findUnique({ where: { id: actorId }, select: { id: true, name: true } }) : null;
    const sentence =
      action === 'page_acknowledged'
        ? `Page acknowledged by ${words}.`
        : action === 'page_escalated'
          ? `Page unanswered: escalated to ${words}.`
          : `Paged ${words}.`;
    await addEntry(tx, emit, deps, page.incident, 'ROLE_CHANGE', sentence, author);
  }
}

/** Asks `people` (one step of the chain): recipients, links, an urgent e-mail each, one chat message. */
async function ask(tx: Tx, deps: Deps, page: PageRow, step: PageStep, people: Person[], escalated: boolean): Promise<void> {
  const now = deps.clock.now();
  const { title, link } = subjectLine(deps, page);
  const waited = Math.round((now.getTime() - page.createdAt.getTime()) / MINUTE_MS);
  const lead = escalated ? `Nobody acknowledged this page for ${waited} minutes; it now asks ${STEP_WORDS[step]}.` : `You are paged: ${page.reason}.`;
  await tx.pageRecipient.createMany({ data: people.map((p) => ({ pageId: page.id, userId: p.id, step, notifiedAt: now })), skipDuplicates: true });
  for (const person of people) {
    const ack = await newLink(tx, deps, page, person.id, 'EMAIL', now);
    // A page is never muted and never held by quiet hours.
    await enqueueNotifications(tx, now, [
      {
        idempotencyKey: `page:${page.id}:${step}:${person.id}`,
        channel: 'EMAIL',
        recipient: person.email,
        userId: person.id,
        template: 'page',
        subject: `PAGE ${title}`,
        body: `${lead}\n\nAcknowledge (one tap, works once): ${ack}\nOpen: ${link}`,
        payload: { pageId: page.id, step },
        ticketId: page.ticketId,
        incidentId: page.incidentId,
      },
    ]);
  }
  const first = people[0]!;
  const chatAck = await newLink(tx, deps, page, first.id, 'CHAT', now);
  const names = people.map((p) => p.name).join(', ');
  const text = `<!channel> PAGE ${title}\n${escalated ? `Unacknowledged for ${waited} min, escalated to ${STEP_WORDS[step]}: ${names}.` : `Paging ${names}: ${page.reason}.`}\nAcknowledge as ${first.name}: ${chatAck}\n${link}`;
  const chat = chatNotification(deps.config.chatWebhookUrl, {
    idempotencyKey: `page:${page.id}:${step}:chat`,
    template: 'page',
    text,
    ticketId: page.ticketId,
    incidentId: page.incidentId,
  });
  if (chat) await enqueueNotifications(tx, now, [chat]);
}

export interface TriggerPage extends PageSubject {
  reason: string;
  suggested?: boolean;
  /** Asked together with the on-call engineer (an incident's commander). */
  alsoAsk?: (string | null | undefined)[];
  actorId?: string | null;
  /** Already known by the caller (it decided on it); else read from the calendar. */
  afterHours?: boolean;
}

/** Pages whoever is on call now about a ticket or an incident, unless it already has an open page. */
export async function triggerPage(tx: Tx, emit: Emit, deps: Deps, input: TriggerPage): Promise<Page | null> {
  const where = input.incident ? { incidentId: input.incident.id } : { ticketId: input.ticket!.id };
  if (await tx.page.findFirst({ where: { ...where, state: { in: ACTIVE } }, select: { id: true } })) return null;
  const now = deps.clock.now();
  const alsoAsk = input.alsoAsk?.filter((id): id is string => !!id && id !== input.actorId) ?? [];
  const chain = chainOf(tx, deps);
  // The on-call engineer who raised it is awake: nobody else is woken for it.
  if (input.actorId && !alsoAsk.length && (await chain()).primary?.id === input.actorId) return null;
  const asked = new Set<string>(input.actorId ? [input.actorId] : []);
  const first = await nextStep(tx, chain, 0, alsoAsk, asked);
  const created = await tx.page.create({
    data: {
      reason: input.reason.slice(0, 500),
      suggested: input.suggested ?? false,
      afterHours: input.afterHours ?? !(await isBusinessTime(tx, now)),
      ticketId: input.ticket?.id ?? null,
      incidentId: input.incident?.id ?? null,
      step: first?.step ?? 'MANAGERS',
      targetId: first?.people[0]?.id ?? null,
      createdAt: now,
      nextEscalationAt: first && first.step !== 'MANAGERS' ? new Date(now.getTime() + deps.config.pageAckMinutes * MINUTE_MS) : null,
    },
    include: pageInclude,
  });
  if (first) {
    await ask(tx, deps, created, first.step, first.people, false);
    await record(tx, emit, deps, created, 'paged', `${first.people.map((p) => p.name).join(', ')} (${STEP_WORDS[first.step]})`, input.actorId ?? null);
  } else {
    deps.log.warn({ page: created.id }, 'page raised with nobody to ask: no one on call, no tech leads, no managers');
  }
  emit({
    topic: 'oncall',
    type: 'PAGE_TRIGGERED',
    entityType: 'Page',
    entityId: created.id,
    payload: { page: pageSnapshot(deps, created), recipients: first?.people.map((p) => p.id) ?? [] },
  });
  return created;
}

/** Ends the open pages of a ticket or an incident (it was resolved or closed). */
export async function resolvePages(tx: Tx, emit: Emit, deps: Deps, where: { ticketId: string } | { incidentId: string }): Promise<void> {
  const open = await tx.page.findMany({ where: { ...where, state: { in: ACTIVE } }, include: pageInclude });
  const now = deps.clock.now();
  for (const page of open) {
    const resolved = await tx.page.update({
      where: { id: page.id },
      data: { state: 'RESOLVED', resolvedAt: now, nextEscalationAt: null },
      include: pageInclude,
    });
    emit({ topic: 'oncall', type: 'PAGE_RESOLVED', entityType: 'Page', entityId: page.id, payload: { page: pageSnapshot(deps, resolved) } });
  }
}

async function acknowledgeIn(tx: Tx, emit: Emit, deps: Deps, page: PageRow, by: { id: string; name: string }, via: string): Promise<PageRow> {
  const now = deps.clock.now();
  // Conditional, so two acknowledgements at once record one.
  const { count } = await tx.page.updateMany({
    where: { id: page.id, state: 'TRIGGERED' },
    data: { state: 'ACKNOWLEDGED', acknowledgedAt: now, acknowledgedById: by.id, nextEscalationAt: null },
  });
  const current = await tx.page.findUniqueOrThrow({ where: { id: page.id }, include: pageInclude });
  if (count !== 1) return current;
  await record(tx, emit, deps, current, 'page_acknowledged', by.name, by.id);
  const mtta = Math.round((now.getTime() - page.createdAt.getTime()) / 1000);
  emit({
    topic: 'oncall',
    type: 'PAGE_ACKNOWLEDGED',
    entityType: 'Page',
    entityId: page.id,
    payload: { page: pageSnapshot(deps, current), via, secondsToAcknowledge: mtta },
  });
  return current;
}

/** One tap in the app: yours, or any page for a lead, manager or admin; acknowledging twice changes nothing. */
export async function acknowledgePage(deps: Deps, actor: Actor, id: string): Promise<Page> {
  if (!actor.userId || actor.readOnly) throw authError('a display or viewer cannot acknowledge pages');
  const userId = actor.userId;
  return transact(deps, async (tx, emit) => {
    const page = isUuid(id) ? await tx.page.findUnique({ where: { id }, include: pageInclude }) : null;
    if (!page) throw notFound(`Page ${id.slice(0, 40)}`);
    const mine = await tx.pageRecipient.findUnique({ where: { pageId_userId: { pageId: page.id, userId } } });
    if (!mine && !OVERSEERS.includes(actor.role))
      throw fieldError('id', 'this page did not ask you; a tech lead, manager or admin may acknowledge it for someone else');
    if (page.state !== 'TRIGGERED') return page;
    const by = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, name: true } });
    return acknowledgeIn(tx, emit, deps, page, by, 'app');
  });
}

export interface LinkView {
  page: PageRow;
  person: { id: string; name: string };
  used: boolean;
}

async function findLink(tx: Tx | Deps['prisma'], token: string) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  return tx.pageLink.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: { select: { id: true, name: true } } } });
}

/** What an acknowledgement link is for (GET shows it; only POST acknowledges, so link scanners change nothing). */
export async function viewPageLink(deps: Deps, token: string): Promise<LinkView> {
  const link = await findLink(deps.prisma, token);
  if (!link) throw notFound('Acknowledgement link');
  const page = await deps.prisma.page.findUniqueOrThrow({ where: { id: link.pageId }, include: pageInclude });
  return { page, person: link.user, used: link.usedAt !== null };
}

/** Acknowledges through a single-use link; a used link or a page no longer waiting is refused. */
export async function acknowledgeByLink(deps: Deps, token: string): Promise<LinkView> {
  return transact(deps, async (tx, emit) => {
    const link = await findLink(tx, token);
    if (!link) throw notFound('Acknowledgement link');
    const { count } = await tx.pageLink.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: deps.clock.now() } });
    if (count !== 1) throw fieldError('token', 'this link was already used; each acknowledgement link works once');
    const page = await tx.page.findUniqueOrThrow({ where: { id: link.pageId }, include: pageInclude });
    if (page.state !== 'TRIGGERED') {
      const who = page.acknowledgedBy ? ` by ${page.acknowledgedBy.name}` : '';
      throw fieldError('token', page.state === 'ACKNOWLEDGED' ? `this page was already acknowledged${who}` : 'this page is resolved');
    }
    return { page: await acknowledgeIn(tx, emit, deps, page, link.user, link.channel === 'CHAT' ? 'chat link' : 'e-mail link'), person: link.user, used: true };
  });
}

/** Moves every page unacknowledged past its time one step up (each step once), exactly once across instances. */
export async function runPageEscalation(deps: Deps): Promise<number> {
  const outcome = await runExclusive(deps, PAGE_ESCALATION_JOB, async (tx, emit) => {
    const now = deps.clock.now();
    const due = await tx.page.findMany({ where: { state: 'TRIGGERED', nextEscalationAt: { lte: now } }, include: pageInclude, orderBy: { createdAt: 'asc' } });
    let moved = 0;
    for (const page of due) {
      const asked = new Set((await tx.pageRecipient.findMany({ where: { pageId: page.id }, select: { userId: true } })).map((r) => r.userId));
      const next = await nextStep(tx, chainOf(tx, deps), PAGE_STEPS.indexOf(page.step) + 1, [], asked);
      if (!next) {
        await tx.page.update({ where: { id: page.id }, data: { nextEscalationAt: null } });
        continue;
      }
      const { count } = await tx.page.updateMany({
        where: { id: page.id, state: 'TRIGGERED', step: page.step },
        data: {
          step: next.step,
          targetId: next.people[0]!.id,
          nextEscalationAt: next.step === 'MANAGERS' ? null : new Date(now.getTime() + deps.config.pageAckMinutes * MINUTE_MS),
        },
      });
      if (count !== 1) continue;
      const escalated = await tx.page.findUniqueOrThrow({ where: { id: page.id }, include: pageInclude });
      await ask(tx, deps, escalated, next.step, next.people, true);
      await record(tx, emit, deps, escalated, 'page_escalated', `${next.people.map((p) => p.name).join(', ')} (${STEP_WORDS[next.step]})`, null, page.step);
      emit({
        topic: 'oncall',
        type: 'PAGE_ESCALATED',
        entityType: 'Page',
        entityId: page.id,
        payload: { page: pageSnapshot(deps, escalated), fromStep: page.step, recipients: next.people.map((p) => p.id) },
      });
      moved++;
    }
    return moved;
  });
  return outcome.ran ? outcome.result : 0;
}

/** Pages by state (newest first); `mine`: only those that asked the actor. */
export function pagesWhere(actor: Actor | null, filter: { state?: PageState | null; mine?: boolean | null }): Prisma.PageWhereInput {
  return {
    ...(filter.state ? { state: filter.state } : {}),
    ...(filter.mine ? { recipients: { some: { userId: actor?.userId ?? '00000000-0000-0000-0000-000000000000' } } } : {}),
  };
}

export interface WallboardPage {
  id: string;
  reason: string;
  step: PageStep;
  suggested: boolean;
  targetName: string | null;
  createdAt: Date;
  ticketNumber: string | null;
  incidentNumber: number | null;
}

/** Unacknowledged pages for the TV: who is asked and since when (oldest first). */
export async function wallboardPages(deps: Deps): Promise<WallboardPage[]> {
  const pages = await deps.prisma.page.findMany({ where: { state: 'TRIGGERED' }, include: pageInclude, orderBy: { createdAt: 'asc' }, take: 20 });
  return pages.map((p) => ({
    id: p.id,
    reason: p.reason,
    step: p.step,
    suggested: p.suggested,
    targetName: p.target?.name ?? null,
    createdAt: p.createdAt,
    ticketNumber: p.ticket ? formatTicketNumber(deps.config.ticketPrefix, p.ticket.number) : null,
    incidentNumber: p.incident?.number ?? null,
  }));
}
