// The outbox's backlog, for the metrics endpoint: what waits to be delivered and for how long.
import type { Deps } from '../platform/db.ts';

/** Notifications waiting (PENDING) and the age of the oldest by the injected clock; index-backed (status, nextAttemptAt). */
export async function outboxBacklog(deps: Pick<Deps, 'prisma' | 'clock'>): Promise<{ pending: number; oldestPendingSeconds: number }> {
  const [pending, oldest] = await Promise.all([
    deps.prisma.notification.count({ where: { status: 'PENDING' } }),
    deps.prisma.notification.aggregate({ where: { status: 'PENDING' }, _min: { createdAt: true } }),
  ]);
  const since = oldest._min.createdAt;
  return { pending, oldestPendingSeconds: since ? Math.max(0, (deps.clock.now().getTime() - since.getTime()) / 1000) : 0 };
}
