import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../platform/runtime.ts';
import { sendJson, sendText } from '../platform/http.ts';

/**
 * GET /metrics: Prometheus text exposition of this instance. With OPSBOARD_METRICS_TOKEN it asks
 * for `Authorization: Bearer <that token>` (401 otherwise); without it, it answers only in demo mode
 * and is not found (404) elsewhere.
 */
export async function metrics(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { metricsToken, demoData } = rt.config;
  if (metricsToken === undefined && !demoData) return sendJson(res, 404, { error: 'not found' });
  if (metricsToken !== undefined && !sameSecret(/^Bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '')?.[1], metricsToken))
    return sendJson(res, 401, { error: 'Send Authorization: Bearer <OPSBOARD_METRICS_TOKEN>' }, { 'www-authenticate': 'Bearer' });
  sendText(res, 200, await rt.metrics.registry.metrics(), rt.metrics.registry.contentType);
}

/** Compares digests, so the time taken tells nothing about the token. */
function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
