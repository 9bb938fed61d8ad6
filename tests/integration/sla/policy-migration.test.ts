// The data migration that moved P1 first response to calendar time and P2/P3 user updates to
// business hours, run by the server's own migration runner on a database seeded with the old
// defaults: rows still holding the old default change, rows an admin edited stay as they are.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, type VariablesOf } from '../../support/graphql.ts';
import { startServer, type TestServer } from '../../support/server.ts';

const MIGRATION = '20261203190000_clock_bases';
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ clock: new ManualClock('2026-03-02T14:00:00Z') });
});
afterAll(async () => server?.stop());

const POLICIES = graphql(`
  {
    slaPolicies {
      id
      channel
      priority
      firstResponseMinutes
      firstResponseBasis
      userUpdateMinutes
      userUpdateBasis
      triageMinutes
    }
  }
`);
const UPDATE_POLICY = graphql(`
  mutation ($id: ID!, $input: UpdateSlaPolicyInput!) {
    updateSlaPolicy(id: $id, input: $input) {
      id
    }
  }
`);

async function policies() {
  const result = await server.gql(POLICIES);
  expect(result.errors).toBeUndefined();
  return result.data!.slaPolicies;
}

async function edit(channel: string, priority: string, input: VariablesOf<typeof UPDATE_POLICY>['input']) {
  const row = (await policies()).find((p) => p.channel === channel && p.priority === priority)!;
  const result = await server.gql(UPDATE_POLICY, { id: row.id, input });
  expect(result.errors).toBeUndefined();
}

describe(`migration ${MIGRATION}`, () => {
  it('moves the rows that still hold the old default basis and leaves edited ones alone', async () => {
    const db = server.app.rt.prisma;
    // A database from before the change: seeded with the old bases, the migration not yet applied.
    await db.$executeRaw`UPDATE "SlaPolicy" SET "firstResponseBasis" = 'BUSINESS' WHERE priority = 'P1'`;
    await db.$executeRaw`UPDATE "SlaPolicy" SET "userUpdateBasis" = 'CALENDAR' WHERE priority IN ('P2', 'P3')`;
    await db.$executeRaw`DELETE FROM "_prisma_migrations" WHERE migration_name = ${MIGRATION}`;
    // What admins did since: e-mail P1 answers in business hours on purpose, GitHub P2 updates come
    // every 24 hours, and only web P1's triage target changed.
    await edit('EMAIL', 'P1', { firstResponseBasis: 'BUSINESS' });
    await edit('GITHUB', 'P2', { userUpdateMinutes: 1440 });
    await edit('WEB', 'P1', { triageMinutes: 30 });

    await server.restart(); // applies the migrations the database has not seen, as on an upgrade

    const applied = await server.app.rt.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "_prisma_migrations" WHERE migration_name = ${MIGRATION}`;
    expect(Number(applied[0]!.n)).toBe(1);
    const rows = await policies();
    const view = (p: (typeof rows)[number]) =>
      `${p.channel} ${p.priority}: first ${p.firstResponseMinutes} ${p.firstResponseBasis}, update ${p.userUpdateMinutes} ${p.userUpdateBasis}`;
    const got = rows.map(view);
    const calendarFirst = rows.filter((p) => p.priority === 'P1' && p.firstResponseBasis === 'CALENDAR').map((p) => p.channel);
    expect(calendarFirst.sort()).toEqual(['COMMUNITY', 'GITHUB', 'SOCIAL', 'WEB']);
    expect(got).toContain('EMAIL P1: first 120 BUSINESS, update 240 CALENDAR');
    expect(got).toContain('WEB P1: first 120 CALENDAR, update 240 CALENDAR');
    expect(got).toContain('GITHUB P2: first 240 BUSINESS, update 1440 CALENDAR');
    for (const p of rows) {
      if (p.channel === 'GITHUB' && p.priority === 'P2') continue;
      if (p.priority === 'P2' || p.priority === 'P3') expect(view(p)).toMatch(/update 2880 BUSINESS$/);
      if (p.priority === 'P0') expect(view(p)).toMatch(/first 15 CALENDAR, update 30 CALENDAR$/);
    }
    expect(rows.find((p) => p.channel === 'WEB' && p.priority === 'P1')!.triageMinutes).toBe(30);
  });
});
