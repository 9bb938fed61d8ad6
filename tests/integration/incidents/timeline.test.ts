// The war-room timeline is live for every viewer: replay-then-live in order, nothing lost across a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../support/server.ts';
import { subscribe } from '../../support/stream.ts';
import { graphql, type ResultOf } from '../../support/graphql.ts';
import { declareIncident } from '../../support/factories/incidents.ts';

const TIMELINE = graphql(`
  subscription ($incidentId: ID!, $after: ID) {
    incidentTimeline(incidentId: $incidentId, after: $after) {
      id
      type
      entry {
        id
        kind
        body
        authorName
        revisions
      }
    }
  }
`);

let server: TestServer;
let incidentId: string;
beforeAll(async () => {
  server = await startServer();
  incidentId = (await declareIncident(server, { title: 'Database inaccessible', severity: 'P0' })).id;
});
afterAll(async () => server?.stop());

const note = async (body: string, kind: 'NOTE' | 'ACTION' | 'INTERNAL_UPDATE' = 'NOTE') => {
  const result = await server.gql(
    graphql(`
      mutation ($input: AddIncidentTimelineEntryInput!) {
        addIncidentTimelineEntry(input: $input) {
          id
        }
      }
    `),
    { input: { incidentId, kind, body } },
  );
  expect(result.errors).toBeUndefined();
};
type Msg = ResultOf<typeof TIMELINE>;
const bodies = (received: Msg[]) => received.map((m) => `${m.incidentTimeline.type} ${m.incidentTimeline.entry.body}`);

describe('incidentTimeline subscription', () => {
  it('gives two viewers every entry in the same order, replaying what came before', async () => {
    // A second incident's entries must not leak into this one's stream.
    await declareIncident(server, { title: 'Other', severity: 'P1' });

    const a = subscribe(server.ws(), TIMELINE, { incidentId, after: '0' });
    const b = subscribe(server.ws(), TIMELINE, { incidentId, after: '0' });
    await Promise.all([a.waitFor(2), b.waitFor(2)]);
    const writes = Array.from({ length: 8 }, (_, i) => `entry ${i + 1}`);
    // Concurrent writers: the stream still delivers in id order with no gap.
    await Promise.all(writes.slice(0, 4).map((body) => note(body)));
    for (const body of writes.slice(4)) await note(body, 'ACTION');
    await Promise.all([a.waitFor(10), b.waitFor(10)]);

    expect(bodies(a.received).slice(0, 2)).toEqual(['ADDED Incident declared. Severity P0, status Investigating.', 'ADDED Admin is incident commander.']);
    expect(bodies(a.received).slice(2).sort()).toEqual(writes.map((w) => `ADDED ${w}`).sort());
    expect(bodies(b.received)).toEqual(bodies(a.received));
    const ids = a.received.map((m) => BigInt(m.incidentTimeline.id));
    expect(ids).toEqual([...ids].sort((x, y) => (x < y ? -1 : 1)));
    expect(new Set(ids).size).toBe(ids.length);
    const stored = await server.app.rt.prisma.event.findMany({ where: { entityId: incidentId, type: 'INCIDENT_TIMELINE_ENTRY' }, orderBy: { id: 'asc' } });
    expect(ids).toEqual(stored.map((e) => e.id));
    a.dispose();
    b.dispose();
  });

  it('resumes after a server restart with the entries it missed, then continues live', async () => {
    const client = subscribe(server.ws(), TIMELINE, { incidentId, after: '0' });
    await client.waitFor(10);
    const last = client.received.at(-1)!.incidentTimeline.id;
    client.dispose();

    await note('missed 1');
    const entryId = (await server.app.rt.prisma.incidentTimelineEntry.findFirstOrThrow({ where: { body: 'missed 1' } })).id;
    await server.restart();
    const edit = await server.gql(
      graphql(`
        mutation ($input: EditIncidentTimelineEntryInput!) {
          editIncidentTimelineEntry(input: $input) {
            id
          }
        }
      `),
      { input: { entryId, body: 'missed 1 (corrected)' } },
    );
    expect(edit.errors).toBeUndefined();

    const resumed = subscribe(server.ws(), TIMELINE, { incidentId, after: last });
    await resumed.waitFor(2);
    await note('live after resume', 'INTERNAL_UPDATE');
    await resumed.waitFor(3);
    expect(bodies(resumed.received)).toEqual(['ADDED missed 1', 'EDITED missed 1 (corrected)', 'ADDED live after resume']);
    expect(resumed.received[1]?.incidentTimeline.entry).toMatchObject({ id: entryId, revisions: 1, authorName: 'Admin' });
    resumed.dispose();
  });

  it('refuses an unknown incident and a bad cursor', async () => {
    const unknown = subscribe(server.ws(), TIMELINE, { incidentId: '00000000-0000-4000-8000-000000000000' });
    await expect(unknown.waitFor(1, 5_000)).rejects.toThrow('Incident 00000000-0000-4000-8000-000000000000 not found');
    const bad = subscribe(server.ws(), TIMELINE, { incidentId, after: 'yesterday' });
    await expect(bad.waitFor(1, 5_000)).rejects.toThrow('after: "yesterday" is not an event id');
  });
});
