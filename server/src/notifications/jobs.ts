import type { Deps } from '../platform/db.ts';
import { defaultDeliveryOptions, deliverDueNotifications, type Transports } from './service.ts';
import { recordWebhookOutcome } from './webhooks.ts';

export const DELIVER_NOTIFICATIONS_JOB = 'deliver-notifications';

/** One pass of the outbox worker; safe to run on every instance at once (rows are claimed). */
export function deliverNotifications(deps: Deps, transports: Transports) {
  return deliverDueNotifications(deps, transports, { ...defaultDeliveryOptions, maxAttempts: deps.config.notifyMaxAttempts }, async (n, status) => {
    if (n.channel === 'WEBHOOK') await recordWebhookOutcome(deps, n, status === 'DELIVERED');
  });
}
