// One check of an endpoint: an HTTP GET with the check's timeout, expected status and latency
// threshold, and a failure said in words an on-call engineer reads at 03:00.
import type { HealthCheck } from '@opsboard/db';
import { type Outbound, TargetRefusedError } from '../platform/outbound.ts';

export interface ProbeOutcome {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
  /** Answered as expected but slower than the threshold. */
  slow: boolean;
}

/** One HTTP GET with the check's timeout, only to an address `outbound` allows; never throws. */
export async function probe(
  outbound: Outbound,
  check: Pick<HealthCheck, 'url' | 'timeoutMs' | 'expectedStatus' | 'latencyThresholdMs'>,
): Promise<ProbeOutcome> {
  const started = performance.now();
  try {
    const response = await outbound.request(check.url, {
      method: 'GET',
      signal: AbortSignal.timeout(check.timeoutMs),
      headers: { 'user-agent': 'opsboard-health-check', accept: '*/*' },
    });
    const latencyMs = Math.round(performance.now() - started);
    if (response.status !== check.expectedStatus) {
      return { ok: false, statusCode: response.status, latencyMs, error: `expected HTTP ${check.expectedStatus}, got ${response.status}`, slow: false };
    }
    const slow = check.latencyThresholdMs !== null && latencyMs > check.latencyThresholdMs;
    return { ok: true, statusCode: response.status, latencyMs, error: slow ? `slow: ${latencyMs} ms (threshold ${check.latencyThresholdMs} ms)` : null, slow };
  } catch (error) {
    return { ok: false, statusCode: null, latencyMs: null, error: describeFailure(error, check.timeoutMs), slow: false };
  }
}

function describeFailure(error: unknown, timeout: number): string {
  if (error instanceof TargetRefusedError) return error.message;
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeout} ms (timeout)`;
  const code = err.cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'unreachable: connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unreachable: host not found (DNS)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset before an answer';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'unreachable: no route to host';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS certificate problem (${code})`;
    default:
      return `request failed: ${(err.cause?.message ?? err.message ?? String(error)).slice(0, 200)}`;
  }
}
