// Rate limits per client (rate-limiter-flexible): shared through Redis when REDIS_URL is set, so
// every instance counts together; in memory otherwise. Routes call `limitRequest` ; resolvers call `consumeOrThrow`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateRule } from './config.ts';
import { rateLimitedError } from './errors.ts';
import { sendJson } from './http.ts';

/**
 * `login` counts every sign-in per address and e-mail; `loginAddress` (per address, all e-mails) and
 * `loginAccount` (per e-mail, all addresses) count failed ones: a sign-in takes a point up front
 * and gives it back when it succeeds (`refund`), so parallel guesses cannot slip past the count.
 * `sso` counts the requests of single sign-on (its start and the provider's answer) per address.
 */
export type LimitName = 'login' | 'loginAddress' | 'loginAccount' | 'sso' | 'webhooks' | 'csat' | 'status';

const LIMIT_NAMES: readonly LimitName[] = ['login', 'loginAddress', 'loginAccount', 'sso', 'webhooks', 'csat', 'status'];

export type LimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimits {
  readonly #limiters: Record<LimitName, RateLimiterAbstract>;
  /** How often each limit refused a request (read by /metrics). */
  readonly refused: Record<LimitName, number> = { login: 0, loginAddress: 0, loginAccount: 0, sso: 0, webhooks: 0, csat: 0, status: 0 };

  constructor(rules: Record<LimitName, RateRule>, redis?: Redis) {
    const make = (name: LimitName): RateLimiterAbstract => {
      const options = { keyPrefix: `opsboard:rl:${name}`, points: rules[name].points, duration: rules[name].seconds };
      const memory = new RateLimiterMemory(options);
      // A Redis outage falls back to counting per instance rather than refusing everyone.
      return redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory, rejectIfRedisNotReady: true }) : memory;
    };
    this.#limiters = Object.fromEntries(LIMIT_NAMES.map((name) => [name, make(name)])) as Record<LimitName, RateLimiterAbstract>;
  }

  async consume(name: LimitName, key: string): Promise<LimitResult> {
    try {
      await this.#limiters[name].consume(key);
      return { allowed: true };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      this.refused[name] += 1;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    }
  }

  /** Gives back the point a request took (it turned out not to count, e.g. a sign-in that succeeded). */
  async refund(name: LimitName, key: string): Promise<void> {
    await this.#limiters[name].reward(key, 1);
  }

  /** For resolvers: throws a RATE_LIMITED error (HTTP 429) when over the limit. */
  async consumeOrThrow(name: LimitName, key: string, what: string): Promise<void> {
    const result = await this.consume(name, key);
    if (!result.allowed) throw rateLimitedError(`Too many ${what}; try again in ${result.retryAfterSeconds} s`, result.retryAfterSeconds);
  }
}

/**
 * The address the request came from: the socket peer, or with `trustProxy` (OPSBOARD_TRUST_PROXY)
 * the last address in X-Forwarded-For — the one the proxy in front added; earlier ones are the
 * client's own say and could be anything.
 */
export function clientAddress(req: IncomingMessage, trustProxy = false): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').at(-1)?.trim();
    if (last && /^[\d.:a-fA-F]{2,45}$/.test(last)) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** Counts the request against `name` for its client; answers 429 and returns false when over. */
export async function limitRequest(
  rt: { limits: RateLimits; config: { trustProxy: boolean } },
  name: LimitName,
  req: IncomingMessage,
  res: ServerResponse,
  key = clientAddress(req, rt.config.trustProxy),
): Promise<boolean> {
  const result = await rt.limits.consume(name, key);
  if (result.allowed) return true;
  sendJson(res, 429, { error: 'too many requests', retryAfterSeconds: result.retryAfterSeconds }, { 'retry-after': String(result.retryAfterSeconds) });
  return false;
}
