// Outgoing webhooks: subscribers register a URL, a secret and event types. Every event of a
// matching type becomes a WEBHOOK notification in the transaction that wrote the event, so the
// outbox retries, logs and dead-letters it like any other notification.
import type { Notification } from '@opsboard/db';
import { z } from 'zod';
import type { EventRecord, Tx } from '../platform/events.ts';
import { parseInput } from '../platform/errors.ts';
import type { Deps } from '../platform/db.ts';
import { assertTargetUrl } from '../platform/outbound.ts';
import { type Actor } from '../auth/service.ts';
import { enqueueNotifications } from './service.ts';
import { findRecipients, notifyUsers } from './preferences.ts';

/** A subscriber whose deliveries die this many times in a row is disabled and the admins are told. */
export const DISABLE_AFTER_DEAD = 3;

export const CreateWebhookSubscriptionInput = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000, 'must be at most 2000 characters'),
  secret: z.string().min(16, 'must be at least 16 characters').max(200, 'must be at most 200 characters'),
  eventTypes: z
    .array(z.string().regex(/^(\*|[A-Z][A-Z0-9_]{1,60})$/, 'must be an event type such as TICKET_CREATED, or *'))
    .min(1, 'name at least one event type')
    .max(50),
});

export async function createWebhookSubscription(deps: Deps, actor: Actor, raw: z.input<typeof CreateWebhookSubscriptionInput>) {
  const input = parseInput(CreateWebhookSubscriptionInput, raw);
  assertTargetUrl(deps.outbound, 'input.url', input.url);
  return deps.prisma.webhookSubscription.create({
    data: { url: input.url, secret: input.secret, eventTypes: [...new Set(input.eventTypes)], createdById: actor.userId, createdAt: deps.clock.now() },
  });
}

/** Queues one signed delivery per matching subscription for each event just written. */
export async function enqueueWebhookDeliveries(tx: Tx, events: EventRecord[], at: Date): Promise<void> {
  if (!events.length) return;
  const types = [...new Set(events.map((e) => e.type))];
  const subscriptions = await tx.webhookSubscription.findMany({
    where: { active: true, OR: [{ eventTypes: { hasSome: types } }, { eventTypes: { has: '*' } }] },
    select: { id: true, url: true, eventTypes: true },
  });
  if (!subscriptions.length) return;
  await enqueueNotifications(
    tx,
    at,
    subscriptions.flatMap((s) =>
      events
        .filter((e) => s.eventTypes.includes('*') || s.eventTypes.includes(e.type))
        .map((e) => ({
          idempotencyKey: `webhook:${s.id}:${e.id}`,
          channel: 'WEBHOOK' as const,
          recipient: s.url,
          template: e.type,
          body: `${e.type} ${e.entityType ?? ''} ${e.entityId ?? ''}`.trim(),
          payload: {
            subscriptionId: s.id,
            event: {
              id: e.id.toString(),
              topic: e.topic,
              type: e.type,
              createdAt: e.createdAt.toISOString(),
              entityType: e.entityType,
              entityId: e.entityId,
              payload: e.payload as never,
            },
          },
        })),
    ),
  );
}

/** Keeps count of a subscriber's dead deliveries; disables it and tells the admins when it keeps failing. */
export async function recordWebhookOutcome(deps: Deps, notification: Notification, delivered: boolean): Promise<void> {
  const subscriptionId = (notification.payload as { subscriptionId?: string } | null)?.subscriptionId;
  if (!subscriptionId) return;
  if (delivered) {
    await deps.prisma.webhookSubscription.updateMany({ where: { id: subscriptionId, failureCount: { gt: 0 } }, data: { failureCount: 0 } });
    return;
  }
  const now = deps.clock.now();
  await deps.prisma.$transaction(async (tx) => {
    const subscription = await tx.webhookSubscription.update({ where: { id: subscriptionId }, data: { failureCount: { increment: 1 } } });
    if (!subscription.active || subscription.failureCount < DISABLE_AFTER_DEAD) return;
    await tx.webhookSubscription.update({ where: { id: subscriptionId }, data: { active: false, disabledAt: now } });
    const admins = await findRecipients(tx, { role: 'ADMIN' });
    await notifyUsers(tx, now, admins, {
      key: `webhook-disabled:${subscriptionId}:${now.toISOString()}`,
      eventType: 'WEBHOOK_DISABLED',
      channel: 'EMAIL',
      urgent: false,
      template: 'webhook_disabled',
      subject: 'A webhook subscriber was disabled',
      body: `Deliveries to ${subscription.url} failed ${subscription.failureCount} times in a row, so the subscription was disabled. Fix the receiver, then enable it again.`,
    });
  });
}
