// The demo's P0 incidents as tickets, people and times (the live one, a resolved one, an overdue post-mortem).
import { Channel, TicketType } from '@opsboard/db';
import type { Scenario } from './demo-scenarios.ts';
import { planTicket, type RequesterPool, type SeedContext, type Staff, type TicketSpec } from './demo-tickets.ts';
import { addMinutes, DAY, localParts, plusDays, zonedTime } from './time.ts';

const outage = (title: string, description: string, tags: string[], priority: Scenario['priority'] = 'P0'): Scenario => ({
  type: TicketType.BUG,
  priority,
  titles: [title],
  description,
  tags,
  feature: 'the platform',
  fix: 'Restored service and verified the fix in production',
  verify: 'reloading the page',
});
/** The incidents' tickets, people and times; demo-incident-rows.ts writes the incidents from them. */
export function planIncidentTickets(ctx: SeedContext, requesters: RequesterPool, onCallAt: (at: Date) => Staff) {
  const { now, cal } = ctx;
  const ago = (minutes: number) => addMinutes(now, -minutes);
  const ticket = (spec: TicketSpec) => planTicket(ctx, spec, requesters);
  /** A weekday `days` ago at a local time, so past incidents fall in working hours. */
  const weekdayAt = (days: number, minute: number): Date => {
    const p = localParts(new Date(now.getTime() - days * DAY), cal.timeZone);
    return zonedTime(plusDays(p, -Math.max(0, p.isoWeekday - 5)), minute, cal.timeZone);
  };
  const [responderA, responderB] = ctx.l2;
  const [scribeA, scribeB] = ctx.l1;
  const tomasz = ctx.l3.find((s) => s.id !== ctx.lead.id) ?? ctx.lead;
  if (!responderA || !responderB || !scribeA || !scribeB) throw new Error('demo team is missing people');

  // ── the live P0 ──
  const liveCommander = ctx.lead;
  const onCall = onCallAt(now);
  const live = ticket({
    createdAt: ago(50),
    channel: Channel.EMAIL,
    openAs: 'IN_PROGRESS',
    triageAfter: 3,
    respondAfter: 9,
    ownerId: onCall.id,
    usersImpacted: 1800,
    scenario: outage(
      'Production site returning 500 errors',
      'Every page of the platform returns "500 Internal Server Error" for our whole organisation. Learners are in the middle of timed assessments and cannot continue.',
      ['outage', '500-errors'],
    ),
  });
  const liveLinked = [
    ticket({
      createdAt: ago(46),
      channel: Channel.WEB,
      openAs: 'IN_PROGRESS',
      triageAfter: 6,
      respondAfter: 16,
      scenario: outage(
        'Error 500 when submitting my assessment',
        'I pressed Submit and got "500 Internal Server Error". Did my answers save?',
        ['outage', 'assessments'],
        'P1',
      ),
    }),
    ticket({
      createdAt: ago(44),
      channel: Channel.GITHUB,
      openAs: 'IN_PROGRESS',
      triageAfter: 4,
      respondAfter: 12,
      usersImpacted: 300,
      scenario: outage(
        'Every page returns HTTP 500',
        'Since a few minutes ago every request to the app and the API returns HTTP 500.\n\nEnvironment: Chrome 131 / macOS 15',
        ['outage', 'api'],
      ),
    }),
    ticket({
      createdAt: ago(39),
      channel: Channel.EMAIL,
      openAs: 'TRIAGED',
      triageAfter: 5,
      scenario: outage(
        'API returning 500 for /api/v1/results',
        'Our nightly integration is failing: GET /api/v1/results returns 500 for every call.',
        ['outage', 'api'],
        'P1',
      ),
    }),
    ticket({
      createdAt: ago(31),
      channel: Channel.SOCIAL,
      openAs: 'NEW',
      scenario: outage('Is the site down?', '@opsboard_help is the site down? Getting 500 errors everywhere', ['outage'], 'P1'),
    }),
  ];

  // ── a resolved P0 with a published post-mortem ──
  const dbStart = weekdayAt(41, 14 * 60 + 5);
  const dbResolved = addMinutes(dbStart, 220);
  const dbCommander = tomasz;
  const db = ticket({
    createdAt: dbStart,
    channel: Channel.EMAIL,
    triageAfter: 2,
    respondAfter: 8,
    ownerId: onCallAt(dbStart).id,
    usersImpacted: 2600,
    resolvedAt: addMinutes(dbResolved, 10),
    scenario: outage("Database inaccessible - can't sign in", 'Sign-in fails with "Service unavailable" and dashboards show "Could not reach the database".', [
      'outage',
      'login',
    ]),
  });
  const dbLinked = [
    ticket({
      createdAt: addMinutes(dbStart, 3),
      channel: Channel.GITHUB,
      triageAfter: 4,
      respondAfter: 10,
      resolvedAt: addMinutes(dbResolved, 15),
      scenario: outage("Dashboards fail with 'database unavailable'", 'All dashboards show "database unavailable". Status page is still green.', ['outage']),
    }),
    ticket({
      createdAt: addMinutes(dbStart, 9),
      channel: Channel.SOCIAL,
      triageAfter: 5,
      respondAfter: 14,
      resolvedAt: addMinutes(dbResolved, 20),
      scenario: outage("Can't log in", "@opsboard_help can't log in, is something down?", ['outage', 'login'], 'P1'),
    }),
  ];

  // ── a resolved P0 whose post-mortem is still a draft, past its 48 h due date ──
  const resultsStart = weekdayAt(9, 10 * 60 + 20);
  const resultsResolved = addMinutes(resultsStart, 152);
  const results = ticket({
    createdAt: resultsStart,
    channel: Channel.WEB,
    triageAfter: 3,
    respondAfter: 11,
    ownerId: onCallAt(resultsStart).id,
    usersImpacted: 640,
    resolvedAt: addMinutes(resultsResolved, 8),
    scenario: outage('Results page shows 500 Internal Server Error', 'Opening any results page gives "500 Internal Server Error" since this morning.', [
      'outage',
      'results',
    ]),
  });
  const resultsLinked = [
    ticket({
      createdAt: addMinutes(resultsStart, 7),
      channel: Channel.EMAIL,
      triageAfter: 6,
      respondAfter: 15,
      resolvedAt: addMinutes(resultsResolved, 12),
      scenario: outage('Results not loading for my class', 'None of my learners can see their results today.', ['results'], 'P1'),
    }),
    ticket({
      createdAt: addMinutes(resultsStart, 12),
      channel: Channel.GITHUB,
      triageAfter: 8,
      respondAfter: 30,
      resolvedAt: addMinutes(resultsResolved, 25),
      scenario: outage(
        'GET /results/:id returns 500',
        'Calling GET /results/:id for archived classes returns 500.\n\nEnvironment: API client, Node 20',
        ['results', 'api'],
        'P2',
      ),
    }),
  ];

  const tickets = [live, ...liveLinked, db, ...dbLinked, results, ...resultsLinked];

  return {
    ago,
    ctx,
    db,
    dbCommander,
    dbLinked,
    dbResolved,
    dbStart,
    live,
    liveCommander,
    liveLinked,
    onCall,
    onCallAt,
    responderA,
    responderB,
    results,
    resultsLinked,
    resultsResolved,
    resultsStart,
    scribeA,
    scribeB,
    tickets,
  };
}

export type IncidentTickets = ReturnType<typeof planIncidentTickets>;
