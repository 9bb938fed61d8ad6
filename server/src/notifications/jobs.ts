import type { Deps } from '../platform/db.ts';
import type { Job } from '../platform/jobs.ts';
import { defaultDeliveryOptions, deliverDueNotifications, deliveryLeaseMs, type Transports } from './service.ts';
import { recordWebhookOutcome } from './webhooks.ts';

export const DELIVER_NOTIFICATIONS_JOB = 'deliver-notifications';

/** One pass of the outbox worker; safe to run on every instance at once (rows are claimed). */
export function deliverNotifications(deps: Deps, transports: Transports) {
  const { notifyMaxAttempts, notifyTimeoutMs, notifyConcurrency } = deps.config;
  const options = { ...defaultDeliveryOptions, maxAttempts: notifyMaxAttempts, leaseMs: deliveryLeaseMs(notifyTimeoutMs), concurrency: notifyConcurrency };
  return deliverDueNotifications(deps, transports, options, async (n, status) => {
    if (n.channel === 'WEBHOOK') await recordWebhookOutcome(deps, n, status === 'DELIVERED');
  });
}

/** Every 5 seconds: the outbox worker sends what is due through `transports`. */
export const notificationJobs = (transports: Transports): Job[] => [
  { name: DELIVER_NOTIFICATIONS_JOB, schedule: '*/5 * * * * *', run: (deps) => deliverNotifications(deps, transports) },
];
