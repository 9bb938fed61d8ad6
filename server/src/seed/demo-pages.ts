// Demo pages: the history a team with this rotation would have — every P0 ticket and every P1 that
// arrived outside business hours paged whoever was on call; most were acknowledged within minutes,
// a few climbed to the secondary first. All of them are over (acknowledged, then resolved with their
// ticket), so the TV shows no stale page; /oncall and /reports show the load and the MTTA.
import { randomUUID } from 'node:crypto';
import { type Prisma } from '@opsboard/db';
import { isWorkingTime } from '../sla/calendar.ts';
import type { SeedContext, Staff } from './demo-tickets.ts';
import { addMinutes } from './time.ts';

type Tx = Prisma.TransactionClient;

export async function seedPages(tx: Tx, ctx: SeedContext, onCallAt: (at: Date) => Staff, secondaryOf: (person: Staff) => Staff): Promise<number> {
  const tickets = await tx.ticket.findMany({
    where: { priority: { in: ['P0', 'P1'] }, createdAt: { lte: addMinutes(ctx.now, -60) }, isSpam: false },
    select: { id: true, number: true, title: true, priority: true, createdAt: true, resolvedAt: true, closedAt: true },
    orderBy: { createdAt: 'asc' },
  });
  const pages: Prisma.PageCreateManyInput[] = [];
  const recipients: Prisma.PageRecipientCreateManyInput[] = [];
  for (const ticket of tickets) {
    const afterHours = !isWorkingTime(ticket.createdAt, ctx.cal);
    if (ticket.priority === 'P1' && !afterHours) continue;
    const primary = onCallAt(ticket.createdAt);
    const escalated = ctx.rng.next() < 0.15;
    const secondary = secondaryOf(primary);
    const acknowledgedBy = escalated ? secondary : primary;
    const acknowledgedAt = addMinutes(ticket.createdAt, escalated ? 6 + ctx.rng.int(0, 3) : 1 + ctx.rng.int(0, 8));
    const end = ticket.resolvedAt ?? ticket.closedAt;
    const pageId = randomUUID();
    recipients.push({ pageId, userId: primary.id, step: 'ON_CALL', notifiedAt: ticket.createdAt });
    if (escalated) recipients.push({ pageId, userId: secondary.id, step: 'SECONDARY', notifiedAt: addMinutes(ticket.createdAt, 5) });
    pages.push({
      id: pageId,
      state: end ? 'RESOLVED' : 'ACKNOWLEDGED',
      step: escalated ? 'SECONDARY' : 'ON_CALL',
      reason: `PM-${ticket.number} is ${ticket.priority}${ticket.priority === 'P1' ? ' outside business hours' : ''}: ${ticket.title}`,
      afterHours,
      ticketId: ticket.id,
      targetId: acknowledgedBy.id,
      acknowledgedById: acknowledgedBy.id,
      createdAt: ticket.createdAt,
      acknowledgedAt,
      resolvedAt: end,
    });
  }
  await tx.page.createMany({ data: pages });
  await tx.pageRecipient.createMany({ data: recipients });
  return pages.length;
}
