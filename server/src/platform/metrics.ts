// Prometheus metrics (prom-client), one registry per server instance so several instances in one
// process (tests) keep their own counts. Served at GET /metrics.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricSources {
  openConnections(): number;
  openSubscriptions(): number;
  rateLimited(): Record<string, number>;
  /** Subscription executions run (one per event per group of alike subscriptions). */
  subscriptionExecutions(): number;
  /** Subscription messages written to sockets. */
  subscriptionMessages(): number;
  /** Events handed to subscriptions (one per subscriber per event). */
  eventsDelivered(): number;
  /** The outbox: notifications waiting to be delivered, and how long the oldest has waited (read at scrape time). */
  outboxBacklog(): Promise<{ pending: number; oldestPendingSeconds: number }>;
}

export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'opsboard_http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly eventsPublished = new Counter({
    name: 'opsboard_events_published_total',
    help: 'Events committed (by any instance) and read from the event table by this instance, by topic',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });
  readonly deliveryLag = new Histogram({
    name: 'opsboard_event_delivery_lag_seconds',
    help: 'Time from an event being written to this instance reading it for its subscribers',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly slowClientsClosed = new Counter({
    name: 'opsboard_ws_slow_clients_closed_total',
    help: 'WebSockets closed (1013) because too much was waiting to be written to them',
    registers: [this.registry],
  });
  readonly slaBreaches = new Counter({
    name: 'opsboard_sla_breaches_total',
    help: 'SLA breaches recorded by this instance, by clock (first response, update, resolution) and priority',
    labelNames: ['clock', 'priority'] as const,
    registers: [this.registry],
  });
  readonly jobRuns = new Counter({
    name: 'opsboard_job_runs_total',
    // `job_name`, not `job`: Prometheus sets `job` on every scraped series itself (the scrape job).
    help: 'Scheduled job runs on this instance by outcome: ran, skipped (another instance held the lock), failed',
    labelNames: ['job_name', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'opsboard_job_duration_seconds',
    help: 'Duration of scheduled job runs that did the work',
    labelNames: ['job_name'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [this.registry],
  });

  readonly notificationOutcomes = new Counter({
    name: 'opsboard_notification_outcomes_total',
    help: 'Outbox attempts finished on this instance by outcome: sent, failed, lost_claim (another worker had claimed the notification again, so this one neither sent nor recorded)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly rowsDeleted = new Counter({
    name: 'opsboard_retention_deleted_rows_total',
    help: 'Rows the retention job on this instance deleted for being older than their retention period, by table',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });

  readonly imapMessages = new Counter({
    name: 'opsboard_imap_messages_total',
    help: 'Messages this instance took from the IMAP mailbox, by outcome: created, message (a reply on a ticket), duplicate, failed (left in the mailbox, flagged)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'opsboard_' });
  }

  /** Gauges read at scrape time from the live server. */
  attach(sources: MetricSources): void {
    new Gauge({
      name: 'opsboard_ws_connections',
      help: 'Open graphql-ws connections',
      registers: [this.registry],
      collect() {
        this.set(sources.openConnections());
      },
    });
    new Gauge({
      name: 'opsboard_subscriptions',
      help: 'Active GraphQL subscriptions',
      registers: [this.registry],
      collect() {
        this.set(sources.openSubscriptions());
      },
    });
    // Counts kept as plain numbers where they happen (per subscriber, per event) and read at scrape time.
    const countedElsewhere = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    countedElsewhere(
      'opsboard_subscription_executions_total',
      'GraphQL executions of subscription events: one per event per group of subscriptions with the same document, variables and role',
      () => sources.subscriptionExecutions(),
    );
    countedElsewhere('opsboard_events_delivered_total', 'Events handed to subscriptions on this instance (one per subscriber per event)', () =>
      sources.eventsDelivered(),
    );
    countedElsewhere('opsboard_subscription_messages_total', 'Subscription messages written to WebSockets', () => sources.subscriptionMessages());
    new Gauge({
      name: 'opsboard_rate_limited_requests',
      help: 'Requests refused by a rate limit since start, by limit',
      labelNames: ['limit'] as const,
      registers: [this.registry],
      collect() {
        for (const [limit, count] of Object.entries(sources.rateLimited())) this.set({ limit }, count);
      },
    });
    // One query serves both gauges of a scrape.
    let backlog: ReturnType<MetricSources['outboxBacklog']> | null = null;
    const readBacklog = () => (backlog ??= sources.outboxBacklog().finally(() => setTimeout(() => (backlog = null), 1_000).unref()));
    new Gauge({
      name: 'opsboard_outbox_pending',
      help: 'Notifications (e-mail, chat, webhooks, pages) waiting in the outbox to be delivered, across all instances',
      registers: [this.registry],
      async collect() {
        this.set((await readBacklog()).pending);
      },
    });
    new Gauge({
      name: 'opsboard_outbox_oldest_pending_seconds',
      help: 'How long the oldest notification still waiting in the outbox has waited (0 when none waits)',
      registers: [this.registry],
      async collect() {
        this.set((await readBacklog()).oldestPendingSeconds);
      },
    });
  }

  /** Records one run of a scheduled job (`seconds` counts only when it ran). */
  jobRan(job: string, outcome: 'ran' | 'skipped' | 'failed', seconds: number): void {
    this.jobRuns.inc({ job_name: job, outcome });
    if (outcome === 'ran') this.jobDuration.observe({ job_name: job }, seconds);
  }

  /** Records one SLA breach; counted once the SLA_BREACHED event has committed. */
  slaBreached(clock: string, priority: string | null): void {
    this.slaBreaches.inc({ clock, priority: priority ?? 'none' });
  }
}
