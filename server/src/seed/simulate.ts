// `pnpm start -- --simulate`: keeps tickets arriving and moving so a first look at the wallboard is live.
import type { Channel, Priority, TicketStatus, TicketType } from '@opsboard/db';
import type { Deps } from '../platform/db.ts';
import { createTicket, updateTicket } from '../tickets/service.ts';
import { OPEN_STATUSES } from '../tickets/model.ts';

const SUBJECTS = [
  'Assessment submission fails with a spinner',
  'Results page does not load on Safari',
  'PDF export occasionally fails',
  'Password reset e-mail never arrives',
  'API consistently slow (> 5 s) for reports',
  'Typo on the pricing page',
  'Feature request: dark mode for the dashboard',
  'How do I invite my whole team?',
  'Charged twice this month',
  'Buttons misaligned on small screens',
];
const CHANNELS: Channel[] = ['EMAIL', 'EMAIL', 'EMAIL', 'GITHUB', 'WEB', 'SOCIAL', 'COMMUNITY'];
const PRIORITIES: Priority[] = ['P1', 'P2', 'P2', 'P3', 'P3'];
const TYPES: TicketType[] = ['BUG', 'BUG', 'QUESTION', 'FEATURE_REQUEST', 'ACCOUNT_ACCESS'];
const NEXT: Partial<Record<TicketStatus, TicketStatus>> = { TRIAGED: 'IN_PROGRESS', IN_PROGRESS: 'WAITING_ON_USER', WAITING_ON_USER: 'RESOLVED' };

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

export function startSimulation(deps: Deps, everyMs = 4_000): { stop(): void } {
  const step = async () => {
    if (Math.random() < 0.55) {
      await createTicket(deps, null, {
        title: pick(SUBJECTS),
        description: 'Reported during the live simulation.',
        channel: pick(CHANNELS),
        requesterEmail: `user${Math.floor(Math.random() * 500)}@example.com`,
      });
      return;
    }
    const ticket = await deps.prisma.ticket.findFirst({
      where: { status: { in: [...OPEN_STATUSES] } },
      orderBy: { updatedAt: 'asc' },
      select: { id: true, status: true },
    });
    if (!ticket) return;
    if (ticket.status === 'NEW') {
      // Triage gives it what it needs to leave NEW: type, priority and an owner.
      const owners = await deps.prisma.user.findMany({ where: { active: true, role: { not: 'VIEWER' } }, select: { id: true }, take: 20 });
      if (!owners.length) return;
      await updateTicket(deps, null, ticket.id, { status: 'TRIAGED', type: pick(TYPES), priority: pick(PRIORITIES), ownerId: pick(owners).id });
      return;
    }
    await updateTicket(deps, null, ticket.id, { status: NEXT[ticket.status] ?? 'RESOLVED' });
  };
  const timer = setInterval(() => step().catch((error: unknown) => deps.log.warn({ err: error }, 'simulation step failed')), everyMs);
  return { stop: () => clearInterval(timer) };
}
