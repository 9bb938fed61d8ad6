import type { Runtime } from '../runtime.ts';
import { defaultDeliveryOptions, deliverDueNotifications } from '../services/notifications.ts';
import { recordWebhookOutcome } from '../services/webhooks.ts';

/** One pass of the outbox worker; safe to run on every instance at once (rows are claimed). */
export function deliverNotifications(rt: Runtime) {
  return deliverDueNotifications(rt, rt.outbound, { ...defaultDeliveryOptions, maxAttempts: rt.config.notifyMaxAttempts }, async (n, status) => {
    if (n.channel === 'WEBHOOK') await recordWebhookOutcome(rt, n, status === 'DELIVERED');
  });
}
