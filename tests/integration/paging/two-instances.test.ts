// Two instances on one PostgreSQL database run the escalation job at the same moment: each step of
// an unacknowledged page happens once — one set of recipients, one e-mail each, one event.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { runPageEscalation } from '@opsboard/server/paging/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { createPeople, createPerson } from '../../support/factories/people.ts';
import { createRotation } from '../../support/factories/oncall.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { startServer, type TestServer } from '../../support/server.ts';

describe.skipIf(!process.env.OPSBOARD_TEST_POSTGRES_URL)('page escalation with two instances', () => {
  const clock = new ManualClock('2026-03-07T08:00:00Z');
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

  it('pages once per step when both instances run the job at once', async () => {
    const people = await createPeople(a, ['Ana Lima', 'Ben Okafor']);
    await createPerson(a, 'Lee Lead', 'LEAD');
    await createPerson(a, 'Max Manager', 'MANAGER');
    await createRotation(a, people);
    const ticket = await createTicket(b, { title: 'Site down', description: 'The site is down, every page returns 500.' });
    const page = await a.app.rt.prisma.page.findFirstOrThrow({ where: { ticket: { id: ticket.id } } });

    const moved: number[] = [];
    for (let step = 0; step < 4; step++) {
      clock.advance(5 * 60_000);
      const [x, y] = await Promise.all([runPageEscalation(a.app.rt), runPageEscalation(b.app.rt)]);
      moved.push(x + y);
    }
    expect(moved).toEqual([1, 1, 1, 0]);
    const recipients = await a.app.rt.prisma.pageRecipient.findMany({ where: { pageId: page.id }, include: { user: true }, orderBy: { notifiedAt: 'asc' } });
    expect(recipients.map((r) => [r.user.name, r.step])).toEqual([
      ['Ana Lima', 'ON_CALL'],
      ['Ben Okafor', 'SECONDARY'],
      ['Lee Lead', 'TECH_LEADS'],
      ['Max Manager', 'MANAGERS'],
    ]);
    const mails = await a.app.rt.prisma.notification.groupBy({
      by: ['recipient'],
      where: { template: 'page', channel: 'EMAIL', ticketId: ticket.id },
      _count: true,
    });
    expect(mails.map((m) => m._count)).toEqual([1, 1, 1, 1]);
    expect(await a.app.rt.prisma.event.count({ where: { type: 'PAGE_ESCALATED', entityId: page.id } })).toBe(3);
  });
});
