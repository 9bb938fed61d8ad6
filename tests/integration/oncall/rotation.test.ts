// On-call through the API: rotation, overrides that split a shift, the handoff job, fairness
// counts, the wallboard section and the iCal feeds (parsed back by node-ical, an independent parser).
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { getSchedule, runOnCallHandoff } from '@opsboard/server/oncall/service.ts';
import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { createPeople, type TestPerson } from '../../support/factories/people.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql, type VariablesOf } from '../../support/graphql.ts';
import { createRotation } from '../../support/factories/oncall.ts';

const ON_CALL = graphql(`
  query ($id: ID) {
    onCall(rotationId: $id) {
      now {
        name
        email
      }
      next {
        name
        email
      }
      nextHandoffAt
    }
  }
`);
const OVERRIDE = graphql(`
  mutation ($input: CreateOnCallOverrideInput!) {
    createOnCallOverride(input: $input) {
      now {
        name
      }
      next {
        name
      }
      nextHandoffAt
    }
  }
`);

const handoffEvents = async (server: TestServer) =>
  (await server.app.rt.prisma.event.findMany({ where: { type: 'ONCALL_HANDOFF' }, orderBy: { id: 'asc' } })).map((e) => e.payload as Record<string, string>);

describe('on-call rotation', () => {
  const clock = new ManualClock('2026-03-02T12:00:00Z');
  let server: TestServer;
  let ana: TestPerson, ben: TestPerson, cho: TestPerson, dee: TestPerson;
  const four = (p: TestPerson[]) => p as [TestPerson, TestPerson, TestPerson, TestPerson];
  let rotationId: string;

  beforeAll(async () => {
    server = await startServer({ clock });
    [ana, ben, cho, dee] = four(await createPeople(server, ['Ana Lima', 'Ben Okafor', 'Cho Park', 'Dee Outsider']));
    rotationId = (await createRotation(server, [ana, ben, cho])).rotation.id;
  });
  afterAll(async () => server?.stop());

  it('answers now / next / nextHandoffAt, before the start and across the DST change', async () => {
    expect((await server.gql(ON_CALL)).data?.onCall).toEqual({
      now: null,
      next: { name: 'Ana Lima', email: ana.email },
      nextHandoffAt: '2026-03-02T14:00:00.000Z',
    });
    clock.set('2026-03-04T12:00:00Z');
    // 09:00 New York on Monday 9 March is 13:00Z: daylight saving time began on the 8th.
    expect((await server.gql(ON_CALL, { id: rotationId })).data?.onCall).toEqual({
      now: { name: 'Ana Lima', email: ana.email },
      next: { name: 'Ben Okafor', email: ben.email },
      nextHandoffAt: '2026-03-09T13:00:00.000Z',
    });
  });

  it('refuses bad overrides with a clear error and writes nothing', async () => {
    const before = { overrides: await server.app.rt.prisma.onCallOverride.count(), events: await server.app.rt.prisma.event.count() };
    const attempt = (input: Partial<VariablesOf<typeof OVERRIDE>['input']>) =>
      server.gql(OVERRIDE, { input: { rotationId, userId: cho.id, startsAt: '2026-03-05T10:00:00Z', endsAt: '2026-03-05T12:00:00Z', ...input } });

    const backwards = await attempt({ endsAt: '2026-03-05T09:00:00Z' });
    expect(backwards.errors?.[0]?.message).toBe('Invalid input — input.endsAt: must be after startsAt');
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const outsider = await attempt({ userId: dee.id });
    expect(outsider.errors?.[0]?.message).toBe('input.userId: is not a participant of this rotation');
    const past = await attempt({ startsAt: '2026-03-03T10:00:00Z', endsAt: '2026-03-03T12:00:00Z' });
    expect(past.errors?.[0]?.message).toBe('input.endsAt: must be in the future');
    const begun = await attempt({ startsAt: '2026-03-04T11:00:00Z' });
    expect(begun.errors?.[0]?.message).toBe('input.startsAt: must not be in the past: shifts already begun stay as they were');

    expect(await server.app.rt.prisma.onCallOverride.count()).toBe(before.overrides);
    expect(await server.app.rt.prisma.event.count()).toBe(before.events);
  });

  it('splits a shift with an override of part of a day, and the 8-week schedule shows it', async () => {
    const created = await server.gql(OVERRIDE, {
      input: { rotationId, userId: cho.id, startsAt: '2026-03-04T17:00:00Z', endsAt: '2026-03-05T01:30:00Z', reason: 'Ana at the dentist' },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data?.createOnCallOverride).toEqual({ now: { name: 'Ana Lima' }, next: { name: 'Cho Park' }, nextHandoffAt: '2026-03-04T17:00:00.000Z' });

    const overlap = await server.gql(OVERRIDE, { input: { rotationId, userId: ben.id, startsAt: '2026-03-05T00:00:00Z', endsAt: '2026-03-05T03:00:00Z' } });
    expect(overlap.errors?.[0]?.message).toBe('input.startsAt: overlaps the override 2026-03-04T17:00:00.000Z – 2026-03-05T01:30:00.000Z');

    const spare = await server.gql(OVERRIDE, { input: { rotationId, userId: ben.id, startsAt: '2026-03-20T12:00:00Z', endsAt: '2026-03-21T12:00:00Z' } });
    expect(spare.errors).toBeUndefined();
    const spareId = (await server.app.rt.prisma.onCallOverride.findFirstOrThrow({ where: { userId: ben.id } })).id;
    const removed = await server.gql(
      graphql(`
        mutation ($id: ID!) {
          removeOnCallOverride(id: $id)
        }
      `),
      { id: spareId },
    );
    expect(removed.data?.removeOnCallOverride).toBe(true);
    expect(await server.app.rt.prisma.event.count({ where: { type: { in: ['ONCALL_OVERRIDE_CREATED', 'ONCALL_OVERRIDE_REMOVED'] } } })).toBe(3);

    const result = await server.gql(
      graphql(`
        query {
          onCall {
            schedule {
              user {
                name
              }
              startsAt
              endsAt
              source
            }
          }
        }
      `),
    );
    const schedule = result.data!.onCall!.schedule;
    expect(schedule.slice(0, 4).map((s) => [s.user.name, s.startsAt, s.endsAt, s.source])).toEqual([
      ['Ana Lima', '2026-03-02T14:00:00.000Z', '2026-03-04T17:00:00.000Z', 'ROTATION'],
      ['Cho Park', '2026-03-04T17:00:00.000Z', '2026-03-05T01:30:00.000Z', 'OVERRIDE'],
      ['Ana Lima', '2026-03-05T01:30:00.000Z', '2026-03-09T13:00:00.000Z', 'ROTATION'],
      ['Ben Okafor', '2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z', 'ROTATION'],
    ]);
    // Now (Wed 4 March) + 8 weeks reaches Wed 29 April: the weeks starting 9 March … 27 April follow.
    expect(schedule.slice(3).map((s) => s.startsAt.slice(0, 10))).toEqual([
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
      '2026-03-30',
      '2026-04-06',
      '2026-04-13',
      '2026-04-20',
      '2026-04-27',
    ]);
    expect(
      schedule
        .slice(3)
        .map((s) => s.user.name[0])
        .join(''),
    ).toBe('BCABCABC');
  });

  it('records each shift and announces each handoff once, at the boundaries', async () => {
    const steps: [string, number][] = [
      ['2026-03-04T12:00:00Z', 1], // first run: Ana's shift under way
      ['2026-03-04T17:00:30Z', 1], // Cho covers
      ['2026-03-05T01:31:00Z', 1], // back to Ana
      ['2026-03-09T13:00:10Z', 1], // Ben, at 09:00 New York after the DST change
    ];
    for (const [at, expected] of steps) {
      clock.set(at);
      expect(await runOnCallHandoff(server.app.rt)).toBe(expected);
      expect(await runOnCallHandoff(server.app.rt)).toBe(0);
    }
    const events = await handoffEvents(server);
    expect(events.map((e) => [e.fromUserId, e.toUserId, e.startsAt])).toEqual([
      [null, ana.id, '2026-03-02T14:00:00.000Z'],
      [ana.id, cho.id, '2026-03-04T17:00:00.000Z'],
      [cho.id, ana.id, '2026-03-05T01:30:00.000Z'],
      [ana.id, ben.id, '2026-03-09T13:00:00.000Z'],
    ]);
    const shifts = await server.app.rt.prisma.onCallShift.findMany({ where: { rotationId }, orderBy: { startsAt: 'asc' } });
    expect(shifts.map((s) => [s.userId, s.startsAt.toISOString(), s.endsAt.toISOString(), s.source])).toEqual([
      [ana.id, '2026-03-02T14:00:00.000Z', '2026-03-04T17:00:00.000Z', 'ROTATION'],
      [cho.id, '2026-03-04T17:00:00.000Z', '2026-03-05T01:30:00.000Z', 'OVERRIDE'],
      [ana.id, '2026-03-05T01:30:00.000Z', '2026-03-09T13:00:00.000Z', 'ROTATION'],
      [ben.id, '2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z', 'ROTATION'],
    ]);
  });

  it('counts shifts per person over the last 90 days, and shows on call on the wallboard', async () => {
    clock.set('2026-03-10T13:00:00Z');
    const counts = await server.gql(
      graphql(`
        query {
          onCall {
            shiftCounts(days: 90) {
              user {
                name
              }
              shifts
              hours
            }
          }
        }
      `),
    );
    expect(counts.data?.onCall?.shiftCounts).toEqual([
      { user: { name: 'Ana Lima' }, shifts: 2, hours: 51 + 107.5 },
      { user: { name: 'Ben Okafor' }, shifts: 1, hours: 24 },
      { user: { name: 'Cho Park' }, shifts: 1, hours: 8.5 },
    ]);
    const board = await server.gql(
      graphql(`
        query {
          wallboard {
            onCall {
              rotationName
              now {
                name
              }
              next {
                name
              }
              nextHandoffAt
            }
          }
        }
      `),
    );
    expect(board.data?.wallboard.onCall).toEqual({
      rotationName: 'Engineering primary',
      now: { name: 'Ben Okafor' },
      next: { name: 'Cho Park' },
      nextHandoffAt: '2026-03-16T13:00:00.000Z',
    });
  });

  it('serves iCal feeds per rotation and per person that parse back to the right shifts; a wrong secret gets 404', async () => {
    const rotation = await server.app.rt.prisma.onCallRotation.findUniqueOrThrow({ where: { id: rotationId }, include: { participants: true } });
    const feed = async (secret: string) => {
      const response = await fetch(`${server.url}/oncall/${secret}.ics`);
      return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
    };
    const events = (text: string) =>
      Object.values(ical.sync.parseICS(text))
        .filter((c) => c?.type === 'VEVENT')
        .map((e) => e as VEvent)
        .sort((a, b) => a.start.getTime() - b.start.getTime())
        .map((e) => [e.summary, e.start.toISOString(), e.end?.toISOString()]);

    const all = await feed(rotation.feedSecret);
    expect(all.status).toBe(200);
    expect(all.type).toBe('text/calendar; charset=utf-8');
    const parsed = events(all.body);
    expect(parsed.slice(0, 5)).toEqual([
      ['On call: Ana Lima', '2026-03-02T14:00:00.000Z', '2026-03-04T17:00:00.000Z'],
      ['On call: Cho Park (override)', '2026-03-04T17:00:00.000Z', '2026-03-05T01:30:00.000Z'],
      ['On call: Ana Lima', '2026-03-05T01:30:00.000Z', '2026-03-09T13:00:00.000Z'],
      ['On call: Ben Okafor', '2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z'],
      ['On call: Cho Park', '2026-03-16T13:00:00.000Z', '2026-03-23T13:00:00.000Z'],
    ]);
    expect(parsed).toHaveLength(3 + 9); // the split week, then the weeks from 9 March to the one starting 4 May

    const cho_ = rotation.participants.find((p) => p.userId === cho.id)!;
    const mine = events((await feed(cho_.feedSecret)).body);
    expect(mine.map(([, start]) => start)).toEqual([
      '2026-03-04T17:00:00.000Z',
      '2026-03-16T13:00:00.000Z',
      '2026-04-06T13:00:00.000Z',
      '2026-04-27T13:00:00.000Z',
    ]);

    expect((await feed('0'.repeat(48))).status).toBe(404);
    expect((await feed(`${rotation.feedSecret.slice(0, -1)}x`)).status).toBe(404);
  });
});

describe.skipIf(!process.env.OPSBOARD_TEST_POSTGRES_URL)('on-call handoff with two server instances on PostgreSQL', () => {
  const clock = new ManualClock('2026-03-02T12:00:00Z');
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    a = await startServer({ db, clock });
    b = await startServer({ db, clock });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  it('announces each boundary once however many runs race for it', async () => {
    const people = await createPeople(a, ['Eve Adams', 'Finn Berg']);
    await createRotation(a, people, { name: 'Two instances' });
    for (const at of ['2026-03-02T14:00:05Z', '2026-03-09T13:00:05Z']) {
      clock.set(at);
      const runs = await Promise.all([a, b, a, b, a, b].map((s) => runOnCallHandoff(s.app.rt)));
      expect(runs.reduce((sum, n) => sum + n, 0)).toBe(1);
    }
    expect((await handoffEvents(a)).map((e) => e.toUserId)).toEqual(people.map((p) => p.id));
    expect(await a.app.rt.prisma.onCallShift.count()).toBe(2);
  });
});

describe('the demo rotation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ clock: new ManualClock('2026-03-04T15:00:00Z'), demoData: true });
  });
  afterAll(async () => server?.stop());

  it('agrees with the rotation maths: recorded shifts match the schedule and no handoff is pending', async () => {
    const rt = server.app.rt;
    const rotation = await rt.prisma.onCallRotation.findFirstOrThrow({ where: { isDefault: true } });
    const recorded = await rt.prisma.onCallShift.findMany({ where: { rotationId: rotation.id }, orderBy: { startsAt: 'asc' } });
    const weeks = Math.ceil((rt.clock.now().getTime() - rotation.startsAt.getTime()) / (7 * 86_400_000));
    // A year of history: the schedule is asked for at most 52 weeks at a time.
    const chunks: Awaited<ReturnType<typeof getSchedule>>[] = [];
    for (let done = 0; done <= weeks; done += 52) chunks.push(await getSchedule(rt, rotation.id, Math.min(52, weeks + 1 - done), -7 * (weeks - done)));
    const byStart = new Map(chunks.flat().map((s) => [s.startsAt.getTime(), s]));
    const computed = [...byStart.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()).filter((s) => s.startsAt <= rt.clock.now());
    const row = (s: { userId: string; startsAt: Date; endsAt: Date; source: string }) => [s.userId, s.startsAt.toISOString(), s.endsAt.toISOString(), s.source];
    expect(computed.map(row)).toEqual(recorded.map(row));
    expect(recorded.some((s) => s.source === 'OVERRIDE')).toBe(true);
    expect(await runOnCallHandoff(rt)).toBe(0);
  });
});
