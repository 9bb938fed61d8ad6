import type { Deps } from './db.ts';
import type { EventHub } from './events.ts';
import type { Metrics } from './metrics.ts';
import type { WakeSignal } from './pubsub.ts';
import type { RateLimits } from './rate-limit.ts';

/** One per server instance: what services use, plus what the GraphQL and HTTP edges need. */
export interface Runtime extends Deps {
  signal: WakeSignal;
  hub: EventHub;
  dbKind: 'pglite' | 'postgres';
  metrics: Metrics;
  limits: RateLimits;
  /** Background work that reports its state in GET /healthz (e.g. `imap` → "watching"), by name. */
  statuses: Map<string, () => string>;
}
