// A display token (the TV in the lobby) reads the wallboard and nothing else: not the people, not the
// tickets, not the event history; and on the wallboard itself no e-mail address and no payload beyond
// the ticket or incident number the activity ticker shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, createPeople, createPerson, signIn } from '../../support/factories/people.ts';
import { createRotation } from '../../support/factories/oncall.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { graphql } from '../../support/graphql.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { subscribe, subscribeRaw } from '../../support/stream.ts';

let server: TestServer;
let display: string;
beforeAll(async () => {
  server = await startServer();
  await createRotation(server, await createPeople(server, ['Ana Costa', 'Ben Ortiz']));
  display = await createDisplayToken(server, 'Lobby TV');
});
afterAll(async () => server?.stop());

const WALLBOARD_SUBSCRIPTION = graphql(`
  subscription DisplayWallboard($after: ID) {
    wallboard(after: $after) {
      wallboard {
        openTotal
        onCall {
          now {
            name
          }
        }
      }
      events {
        id
        type
        payload
      }
    }
  }
`);

describe('a display token', () => {
  it('is refused everything but the wallboard over HTTP', async () => {
    const refused = ['{ users { email } }', '{ tickets(first: 5) { edges { node { id title } } } }', '{ onCall { now { name } } }'];
    for (const query of refused) {
      const result = await server.wire.gqlRaw(query, {}, display);
      expect(result.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      expect(result.errors?.[0]?.message, query).toBe('Not allowed for a display token: it reads the wallboard only');
      expect(
        Object.values(result.data ?? {}).filter((value) => value !== null),
        query,
      ).toEqual([]);
    }
    const mutation = await server.wire.gqlRaw('mutation { createDisplayToken(name: "another") { token } }', {}, display);
    expect(mutation.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const wallboard = await server.wire.gqlRaw('{ wallboard { openTotal onCall { rotationName now { name } } } }', {}, display);
    expect(wallboard.errors).toBeUndefined();
    expect(wallboard.data).toMatchObject({ wallboard: { onCall: { rotationName: 'Engineering primary', now: { name: 'Ana Costa' } } } });
  });

  it("never sees the on-call person's e-mail address, which a person does", async () => {
    const query = '{ wallboard { onCall { now { name email } } } }';
    const onTv = await server.wire.gqlRaw(query, {}, display);
    expect(onTv.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, path: ['wallboard', 'onCall', 'now', 'email'] });
    expect(JSON.stringify(onTv.data ?? null)).not.toContain('@');
    const asAdmin = await server.wire.gqlRaw(query);
    expect(asAdmin.data).toMatchObject({ wallboard: { onCall: { now: { name: 'Ana Costa', email: expect.stringContaining('@') } } } });
  });

  it('is refused the event stream over WebSocket, and gets the wallboard subscription with numbers-only payloads', async () => {
    const client = server.ws({ token: display });
    const events = subscribeRaw(client, 'subscription { events(after: "0") { id payload } }');
    await expect(events.waitFor(1, 5_000)).rejects.toThrow(/Not allowed for a display token/);
    expect(events.received).toEqual([]);

    const after = (await server.app.rt.prisma.event.aggregate({ _max: { id: true } }))._max.id?.toString() ?? '0';
    const live = subscribe(client, WALLBOARD_SUBSCRIPTION, { after });
    await live.waitFor(1);
    const ticket = await createTicket(server, { title: 'Printer on fire in the lobby' });
    const [update] = (await live.until((r) => r.some((m) => m.wallboard.events.some((e) => e.type === 'TICKET_CREATED')))).filter((m) =>
      m.wallboard.events.some((e) => e.type === 'TICKET_CREATED'),
    );
    const created = update!.wallboard.events.find((e) => e.type === 'TICKET_CREATED')!;
    expect(created.payload).toEqual({ ticket: { number: ticket.number } });
    expect(update!.wallboard.wallboard.onCall?.now?.name).toBe('Ana Costa');
    live.dispose();

    // A person on the same subscription gets the whole payload (their executions are not shared with the TV's).
    const admin = subscribe(server.ws(), WALLBOARD_SUBSCRIPTION, { after });
    const replay = await admin.until((r) => r.some((m) => m.wallboard.events.some((e) => e.type === 'TICKET_CREATED')));
    const full = replay.flatMap((m) => m.wallboard.events).find((e) => e.type === 'TICKET_CREATED')!;
    expect(full.payload).toMatchObject({ ticket: { number: ticket.number, title: 'Printer on fire in the lobby' } });
    admin.dispose();
  });
});

describe('wallboard subscribers of one board', () => {
  const METRICS_TOKEN = 'display-token-test-metrics';
  let shared: TestServer;
  beforeAll(async () => {
    shared = await startServer({ env: { OPSBOARD_METRICS_TOKEN: METRICS_TOKEN } });
    await createRotation(shared, await createPeople(shared, ['Cleo Park']));
  });
  afterAll(async () => shared?.stop());

  const executions = async () => {
    const text = await (await fetch(`${shared.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    return Number(/^opsboard_subscription_executions_total (\d+)$/m.exec(text)?.[1]);
  };
  const payloadsOf = (messages: { wallboard: { events: { type: string; payload: unknown }[] } }[]) =>
    messages.flatMap((m) => m.wallboard.events.map((e) => e.payload));

  it('share one execution per update and kind of token, and each still sees only what its token may', async () => {
    const displays = [
      await createDisplayToken(shared, 'Lobby TV'),
      await createDisplayToken(shared, 'Ops room TV'),
      await createDisplayToken(shared, 'Hall TV'),
    ];
    const viewer = await signIn(shared, await createPerson(shared, 'Vic Viewer', 'VIEWER'));
    const after = (await shared.app.rt.prisma.event.aggregate({ _max: { id: true } }))._max.id?.toString() ?? '0';
    const tvs = displays.map((token) => subscribe(shared.ws({ token }), WALLBOARD_SUBSCRIPTION, { after }));
    const admins = [subscribe(shared.ws(), WALLBOARD_SUBSCRIPTION, { after }), subscribe(shared.ws(), WALLBOARD_SUBSCRIPTION, { after })];
    const viewers = [subscribe(shared.ws({ token: viewer }), WALLBOARD_SUBSCRIPTION, { after })];
    const all = [...tvs, ...admins, ...viewers];
    await Promise.all(all.map((s) => s.waitFor(1)));
    const before = await executions();
    const seen = all.map((s) => s.received.length);

    const ticket = await createTicket(shared, { title: 'Coffee machine leaks onto the switch' });
    const created = (m: { wallboard: { events: { type: string }[] } }[]) => m.some((u) => u.wallboard.events.some((e) => e.type === 'TICKET_CREATED'));
    await Promise.all(all.map((s) => s.until(created)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ran = (await executions()) - before;
    const updates = all.map((s, i) => s.received.slice(seen[i]));

    // Every display gets the same updates, with nothing of a payload but the ticket number.
    for (const tv of updates.slice(0, 3)) {
      expect(tv).toEqual(updates[0]);
      for (const payload of payloadsOf(tv))
        expect(Object.keys(payload as object).every((k) => ['number', 'ticketNumber', 'ticket', 'incident'].includes(k))).toBe(true);
      expect(payloadsOf(tv)).toContainEqual({ ticket: { number: ticket.number } });
    }
    // People get the whole payload: the two admins alike, the viewer too (a reader), in executions apart from the TVs'.
    expect(updates[4]).toEqual(updates[3]);
    for (const person of [updates[3]!, updates[5]!])
      expect(payloadsOf(person)).toContainEqual(
        expect.objectContaining({ ticket: expect.objectContaining({ number: ticket.number, title: 'Coffee machine leaks onto the switch' }) }),
      );
    // One execution per update for each kind of token (display, admin, viewer), not one per display.
    const perKind = updates[0]!.length + updates[3]!.length + updates[5]!.length;
    expect(ran).toBeGreaterThan(0);
    expect(ran).toBeLessThanOrEqual(perKind);
    for (const s of all) s.dispose();
  });
});
