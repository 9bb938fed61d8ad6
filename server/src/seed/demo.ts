import { randomBytes } from 'node:crypto';
import { Channel, EscalationLevel, Priority, Role, ShiftSource, type Prisma, type PrismaClient } from '@opsboard/db';
import { TEAM, teamEmail } from './demo-catalog.ts';
import { SCENARIOS } from './demo-scenarios.ts';
import { planIncidents } from './demo-incident-rows.ts';
import { HISTORY_MONTHS, historyStart, maturity, planPastIncidents, season, SEASON_MAX } from './demo-history.ts';
import { monthStarts, writeSnapshot } from '../reports/service.ts';
import { writeTickets } from './demo-rows.ts';
import { seedPages } from './demo-pages.ts';
import { planTicket, RequesterPool, sampleCreatedTimes, type OpenStatus, type SeedContext, type Staff, type TicketPlan } from './demo-tickets.ts';
import { createRandom, type Random } from './random.ts';
import { DEFAULT_TIME_ZONE, US_HOLIDAYS } from './reference.ts';
import { DAY, localParts, plusDays, zonedTime, type WorkCalendar } from './time.ts';

type Tx = Prisma.TransactionClient;

/** About a hundred a month today, fewer a year ago (see demo-history.ts). */
const TICKETS = 1200;
/** Open at the end of the window besides the incident's own tickets (the newest few are still NEW). */
const OPEN_RECENT = 20;
const NEW_RECENT = 4;
const STALE_OPEN = 3;

const CHANNEL_WEIGHTS = [
  [Channel.EMAIL, 45],
  [Channel.GITHUB, 22],
  [Channel.WEB, 17],
  [Channel.SOCIAL, 10],
  [Channel.COMMUNITY, 6],
] as const;
// P0 comes only from the incidents; these weights are for the rest.
const PRIORITY_WEIGHTS = [
  [Priority.P1, 12.5],
  [Priority.P2, 46],
  [Priority.P3, 41.5],
] as const;

const feedSecret = (): string => randomBytes(24).toString('hex');

/**
 * Fills an empty database with thirteen months of a support team's work, up to `now`, and the report
 * snapshots of its completed months (in `timeZone`, the reports' time zone).
 */
export async function seedDemo(
  prisma: PrismaClient,
  options: { now: Date; timeZone: string; seed?: number },
): Promise<{ users: number; tickets: number; incidents: number; snapshots: number }> {
  if ((await prisma.ticket.count()) > 0) return { users: 0, tickets: 0, incidents: 0, snapshots: 0 };
  const { now, timeZone } = options;
  const rng = createRandom(options.seed ?? 20241101);
  const cal = await loadCalendar(prisma);
  const start = historyStart(now, cal.timeZone);

  return prisma.$transaction(
    async (tx) => {
      const { staff, created } = await seedTeam(tx, start);
      const { onCallAt, secondaryOf } = await seedRotation(tx, now, start, staff);
      let issueNumber = 1180;
      const ctx: SeedContext = {
        rng,
        now,
        cal,
        l1: TEAM.filter((m) => m.supportLevel === EscalationLevel.L1).map((m) => must(staff, m.key)),
        l2: TEAM.filter((m) => m.supportLevel === EscalationLevel.L2).map((m) => must(staff, m.key)),
        l3: TEAM.filter((m) => m.supportLevel === EscalationLevel.L3).map((m) => must(staff, m.key)),
        lead: must(staff, TEAM.find((m) => m.role === Role.LEAD)?.key ?? ''),
        manager: must(staff, TEAM.find((m) => m.role === Role.MANAGER)?.key ?? ''),
        nameOf: (userId) => [...staff.values()].find((s) => s.id === userId)?.name ?? 'Support team',
        nextIssueNumber: () => issueNumber++,
        maturity: maturity(now, start),
      };
      const requesters = new RequesterPool(rng);
      const past = planPastIncidents(ctx, requesters, onCallAt);
      const incidents = planIncidents(ctx, requesters, onCallAt);
      const scripted = [...past.tickets, ...incidents.tickets];
      const plans = [...randomTickets(ctx, requesters, start, TICKETS - scripted.length), ...scripted];
      const numbers = await writeTickets(tx, ctx, plans);
      const incidentCount = (await past.write(tx, numbers)) + (await incidents.write(tx, numbers));
      await seedPages(tx, ctx, onCallAt, secondaryOf);
      // The trends read a completed month from its snapshot, as the monthly review job would have stored it.
      const months = monthStarts(now, HISTORY_MONTHS + 1, timeZone).slice(0, -1);
      for (const month of months) await writeSnapshot(tx, timeZone, 'MONTH', month, now);
      return { users: created, tickets: plans.length, incidents: incidentCount, snapshots: months.length };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

function must(staff: ReadonlyMap<string, Staff>, key: string): Staff {
  const s = staff.get(key);
  if (!s) throw new Error(`demo team member ${key} is missing`);
  return s;
}

async function loadCalendar(prisma: PrismaClient): Promise<WorkCalendar> {
  const c = await prisma.businessCalendar.findFirst({ where: { isDefault: true }, include: { holidays: true } });
  const holidays = c ? c.holidays.map((h) => h.date.toISOString().slice(0, 10)) : US_HOLIDAYS.map(([date]) => date);
  return {
    timeZone: c?.timeZone ?? DEFAULT_TIME_ZONE,
    workdays: c?.workdays ?? [1, 2, 3, 4, 5],
    startMinute: c?.startMinute ?? 540,
    endMinute: c?.endMinute ?? 1020,
    holidays: new Set(holidays),
  };
}

async function seedTeam(tx: Tx, start: Date): Promise<{ staff: Map<string, Staff>; created: number }> {
  const data = TEAM.map((m) => ({
    email: teamEmail(m),
    name: m.name,
    role: m.role,
    supportLevel: m.supportLevel,
    timeZone: m.timeZone,
    quietHoursStart: m.quiet?.[0] ?? null,
    quietHoursEnd: m.quiet?.[1] ?? null,
    createdAt: new Date(start.getTime() - 30 * DAY),
  }));
  const { count } = await tx.user.createMany({ data, skipDuplicates: true });
  const users = await tx.user.findMany({ where: { email: { in: data.map((d) => d.email) } }, select: { id: true, email: true, name: true } });
  const staff = new Map<string, Staff>();
  for (const m of TEAM) {
    const user = users.find((u) => u.email === teamEmail(m));
    if (user) staff.set(m.key, { id: user.id, name: user.name });
  }
  return { staff, created: count };
}

/** Weekly rotation of the L2/L3 engineers; returns who was on call at a given moment. */
interface DemoRotation {
  onCallAt: (at: Date) => Staff;
  /** The next person of the rotation after `person`. */
  secondaryOf: (person: Staff) => Staff;
}

async function seedRotation(tx: Tx, now: Date, start: Date, staff: ReadonlyMap<string, Staff>): Promise<DemoRotation> {
  const name = 'Engineering primary';
  const timeZone = 'America/New_York';
  const people = TEAM.filter((m) => m.supportLevel === EscalationLevel.L2 || m.supportLevel === EscalationLevel.L3).map((m) => must(staff, m.key));
  const first = localParts(new Date(start.getTime() - 7 * DAY), timeZone);
  const monday = plusDays(first, 1 - first.isoWeekday);
  const handoff = (week: number) => zonedTime(plusDays(monday, 7 * week), 540, timeZone);

  const shifts: { user: Staff; startsAt: Date; endsAt: Date; source: ShiftSource }[] = [];
  // Seven weeks ago someone else covered the week through an override.
  const swapWeek = Math.floor((now.getTime() - handoff(0).getTime()) / (7 * DAY)) - 7;
  for (let week = 0; handoff(week) <= now; week++) {
    const swapped = week === swapWeek;
    const user = people[(week + (swapped ? 3 : 0)) % people.length] ?? must(staff, 'lena');
    shifts.push({ user, startsAt: handoff(week), endsAt: handoff(week + 1), source: swapped ? ShiftSource.OVERRIDE : ShiftSource.ROTATION });
  }
  const onCallAt = (at: Date): Staff => shifts.find((s) => s.startsAt <= at && at < s.endsAt)?.user ?? shifts.at(-1)?.user ?? must(staff, 'lena');
  const secondaryOf = (person: Staff): Staff => people[(people.findIndex((p) => p.id === person.id) + 1) % people.length] ?? person;

  if (await tx.onCallRotation.findUnique({ where: { name } })) return { onCallAt, secondaryOf };
  const rotation = await tx.onCallRotation.create({
    data: {
      name,
      timeZone,
      handoffWeekday: 1,
      handoffMinute: 540,
      startsAt: handoff(0),
      feedSecret: feedSecret(),
      isDefault: true,
      createdAt: handoff(0),
      participants: { create: people.map((p, position) => ({ userId: p.id, position, feedSecret: feedSecret() })) },
    },
  });
  await tx.onCallShift.createMany({
    data: shifts.map((s) => ({ rotationId: rotation.id, userId: s.user.id, startsAt: s.startsAt, endsAt: s.endsAt, source: s.source })),
  });
  const swap = shifts.find((s) => s.source === ShiftSource.OVERRIDE);
  if (swap) {
    await tx.onCallOverride.create({
      data: {
        rotationId: rotation.id,
        userId: swap.user.id,
        startsAt: swap.startsAt,
        endsAt: swap.endsAt,
        reason: 'Swap: covering for a family event',
        createdById: must(staff, 'grace').id,
        createdAt: new Date(swap.startsAt.getTime() - 5 * DAY),
      },
    });
  }
  return { onCallAt, secondaryOf };
}

function randomTickets(ctx: SeedContext, requesters: RequesterPool, start: Date, count: number): TicketPlan[] {
  const { rng, now, cal } = ctx;
  const times = sampleCreatedTimes(rng, now, count, cal, start, season(now, cal.timeZone, start), SEASON_MAX);
  const age = (t: Date) => (now.getTime() - t.getTime()) / DAY;
  const staleCandidates = times
    .map((t, i) => [t, i] as const)
    .filter(([t]) => age(t) > 5 && age(t) < 25)
    .map(([, i]) => i);
  const stale = new Set(Array.from({ length: STALE_OPEN }, () => rng.pick(staleCandidates)));

  return times.map((createdAt, i) => {
    const channel = rng.weighted(CHANNEL_WEIGHTS);
    const priority = rng.weighted(PRIORITY_WEIGHTS);
    const fits = SCENARIOS.filter((s) => s.priority === priority && (!s.channels || s.channels.includes(channel)));
    const scenario = rng.pick(fits.length > 0 ? fits : SCENARIOS.filter((s) => s.priority === priority));
    return planTicket(ctx, { createdAt, channel, scenario, openAs: openStatus(rng, i, count, stale) }, requesters);
  });
}

function openStatus(rng: Random, index: number, count: number, stale: ReadonlySet<number>): OpenStatus | undefined {
  if (index >= count - NEW_RECENT) return 'NEW';
  if (index >= count - OPEN_RECENT)
    return rng.weighted([
      ['TRIAGED', 25],
      ['IN_PROGRESS', 45],
      ['WAITING_ON_USER', 30],
    ] as const);
  if (stale.has(index)) return rng.pick(['IN_PROGRESS', 'WAITING_ON_USER'] as const);
  return undefined;
}
