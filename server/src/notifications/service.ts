// The outbox: a notification is a row written in the transaction of the change that caused it;
// a worker delivers it with retries and exponential backoff, records every attempt, and marks it
// DELIVERED or, after the configured number of attempts, DEAD.
import type { Notification, NotificationChannel, NotificationStatus, Prisma } from '@opsboard/db';
import type { Tx } from '../platform/events.ts';
import type { Deps } from '../platform/db.ts';

export interface NewNotification {
  /** Same key, same notification: a retried change never queues it twice. */
  idempotencyKey: string;
  channel: NotificationChannel;
  recipient: string;
  template: string;
  subject?: string | null;
  body: string;
  payload?: Prisma.InputJsonValue;
  userId?: string | null;
  ticketId?: string | null;
  incidentId?: string | null;
  /** Hold delivery until then (quiet hours). */
  notBefore?: Date | null;
}

export async function enqueueNotifications(tx: Tx, at: Date, notifications: NewNotification[]): Promise<void> {
  if (!notifications.length) return;
  await tx.notification.createMany({
    data: notifications.map(({ notBefore, ...n }) => ({ ...n, payload: n.payload ?? undefined, createdAt: at, nextAttemptAt: notBefore ?? at })),
    skipDuplicates: true,
  });
}

/** Delivers one notification; throws to fail the attempt. */
export type Deliver = (notification: Notification) => Promise<void>;
export type Transports = Record<NotificationChannel, Deliver>;

export interface DeliveryOptions {
  maxAttempts: number;
  /** First retry after this; each further retry waits twice as long, up to `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** How long a claimed notification stays invisible to other workers while it is being sent. */
  leaseMs: number;
  batch: number;
  /** How many notifications of a batch are sent at a time. */
  concurrency: number;
}

export const defaultDeliveryOptions: DeliveryOptions = {
  maxAttempts: 8,
  baseBackoffMs: 30_000,
  maxBackoffMs: 3_600_000,
  leaseMs: 120_000,
  batch: 50,
  concurrency: 4,
};

/**
 * The lease for a send whose every step may take `timeoutMs`: a webhook takes at most one timeout,
 * a mail at most five (see transports.ts), plus the reads around it; 12 leaves room, 120 s is the floor.
 */
export function deliveryLeaseMs(timeoutMs: number): number {
  return Math.max(120_000, 12 * timeoutMs);
}

export function backoffMs(attempt: number, options: Pick<DeliveryOptions, 'baseBackoffMs' | 'maxBackoffMs'>): number {
  return Math.min(options.maxBackoffMs, options.baseBackoffMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Claims due notifications (pushing their next attempt past a lease, so concurrent workers and
 * other instances skip them, and writing a fresh claim token), sends them `concurrency` at a time,
 * and records each outcome. A worker that dies mid-send leaves the row to be retried after the
 * lease; the idempotency key travels with every attempt (Message-ID, webhook-id) so a receiver can
 * drop the rare repeat.
 *
 * A lease can still run out under a worker (a batch waiting behind slow receivers, a paused
 * process), and another worker may then claim the row again. So every later write is conditional
 * on the claim token: the lease is renewed right before the send, and a worker that finds the
 * token changed skips the send; the outcome is recorded only while the token matches, so a late
 * worker never overwrites the outcome of the one that claimed after it (and never turns a
 * delivered notification back into a failed one, to be sent again).
 */
export async function deliverDueNotifications(
  deps: Deps,
  transports: Transports,
  options: DeliveryOptions = defaultDeliveryOptions,
  onOutcome?: (notification: Notification, status: NotificationStatus) => Promise<void>,
) {
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + options.leaseMs);
  const claimed = await deps.prisma.$queryRaw<{ id: string; claimToken: string }[]>`
    UPDATE "Notification" SET "nextAttemptAt" = ${leaseUntil}, "claimToken" = gen_random_uuid()
     WHERE id IN (SELECT id FROM "Notification"
                   WHERE status IN ('PENDING', 'FAILED') AND "nextAttemptAt" <= ${now}
                   ORDER BY "nextAttemptAt"
                   LIMIT ${options.batch}
                   FOR UPDATE SKIP LOCKED)
    RETURNING id, "claimToken"::text AS "claimToken"`;
  const summary = { delivered: 0, failed: 0, dead: 0 };

  const lost = (id: string, stage: string) => {
    deps.hooks.notificationOutcome('lost_claim');
    deps.log.warn({ notification: id, stage }, 'notification claimed again by another worker; leaving it to that one');
  };

  const attempt = async ({ id, claimToken }: { id: string; claimToken: string }) => {
    // Proves the claim is still ours (it may have waited in line longer than the lease) and gives
    // the send a whole lease from now.
    const renewed = await deps.prisma.notification.updateMany({
      where: { id, claimToken, status: { in: ['PENDING', 'FAILED'] } },
      data: { nextAttemptAt: new Date(deps.clock.now().getTime() + options.leaseMs) },
    });
    if (renewed.count === 0) return lost(id, 'before sending');

    const notification = await deps.prisma.notification.findUniqueOrThrow({ where: { id } });
    const started = Date.now();
    let error: string | null = null;
    try {
      await transports[notification.channel](notification);
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    const attempts = notification.attempts + 1;
    const at = deps.clock.now();
    const status: NotificationStatus = error === null ? 'DELIVERED' : attempts >= options.maxAttempts ? 'DEAD' : 'FAILED';
    const recorded = await deps.prisma.$transaction(async (tx) => {
      const { count } = await tx.notification.updateMany({
        where: { id, claimToken },
        data: {
          attempts,
          status,
          lastError: error,
          deliveredAt: error === null ? at : null,
          nextAttemptAt: status === 'FAILED' ? new Date(at.getTime() + backoffMs(attempts, options)) : at,
          claimToken: null,
        },
      });
      if (count === 0) return false;
      await tx.notificationAttempt.create({ data: { notificationId: id, attemptedAt: at, ok: error === null, error, durationMs: Date.now() - started } });
      return true;
    });
    if (!recorded) return lost(id, error === null ? 'after sending' : `after failing: ${error}`);

    deps.hooks.notificationOutcome(error === null ? 'sent' : 'failed');
    if (onOutcome && status !== 'FAILED') await onOutcome(notification, status);
    if (status === 'DELIVERED') summary.delivered++;
    else if (status === 'DEAD') summary.dead++;
    else summary.failed++;
    if (error) deps.log.warn({ notification: id, channel: notification.channel, attempts, status, error }, 'notification delivery failed');
  };

  // A small pool: `concurrency` sends at a time, each taking the next claimed row when it is done.
  const queue = [...claimed];
  const senders = Array.from({ length: Math.min(Math.max(1, options.concurrency), queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await attempt(next);
  });
  await Promise.all(senders);
  return summary;
}

/** Puts failed or dead notifications back in line for an immediate attempt ("retry now"). */
export async function retryNow(deps: Deps, ids: string[]): Promise<number> {
  const now = deps.clock.now();
  const { count } = await deps.prisma.notification.updateMany({
    // Not one a worker is sending right now (claimed, lease running): put back in line, another
    // worker would claim it at once and send it a second time.
    where: { id: { in: ids }, status: { in: ['FAILED', 'DEAD'] }, OR: [{ claimToken: null }, { nextAttemptAt: { lte: now } }] },
    data: { status: 'PENDING', nextAttemptAt: now, attempts: 0 },
  });
  return count;
}

// ───────────────────────────── chat and links ─────────────────────────────

/** Where a person opens a ticket or a war room (links in chat messages and e-mails). */
export function ticketUrl(publicUrl: string, ticketNumber: string): string {
  return `${publicUrl}/tickets/${encodeURIComponent(ticketNumber)}`;
}
export function incidentUrl(publicUrl: string, incidentId: string): string {
  return `${publicUrl}/incidents/${encodeURIComponent(incidentId)}`;
}

export interface ChatMessage {
  idempotencyKey: string;
  template: string;
  /** The message; P0 messages start with `<!channel>` (Slack's and Mattermost's @channel). */
  text: string;
  ticketId?: string | null;
  incidentId?: string | null;
}

/**
 * A message for the team's chat channel (Slack-compatible incoming webhook, CHAT_WEBHOOK_URL): an
 * outbox row like any other, so a chat service that is down never blocks the change. Without a
 * configured webhook there is nowhere to post, and nothing is queued.
 */
export function chatNotification(chatWebhookUrl: string | undefined, message: ChatMessage): NewNotification | null {
  if (!chatWebhookUrl) return null;
  return {
    idempotencyKey: message.idempotencyKey,
    channel: 'CHAT',
    recipient: 'channel',
    template: message.template,
    body: message.text,
    payload: { text: message.text },
    ticketId: message.ticketId ?? null,
    incidentId: message.incidentId ?? null,
  };
}
