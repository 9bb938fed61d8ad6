import type { Runtime } from '../platform/runtime.ts';
import { defaultDeliveryOptions, deliverDueNotifications } from './service.ts';
import { recordWebhookOutcome } from './webhooks.ts';

/** One pass of the outbox worker; safe to run on every instance at once (rows are claimed). */
export function deliverNotifications(rt: Runtime) {
  return deliverDueNotifications(rt, rt.outbound, { ...defaultDeliveryOptions, maxAttempts: rt.config.notifyMaxAttempts }, async (n, status) => {
    if (n.channel === 'WEBHOOK') await recordWebhookOutcome(rt, n, status === 'DELIVERED');
  });
}
