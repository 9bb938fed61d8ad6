import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../platform/runtime.ts';
import { sendText } from '../platform/http.ts';

/** GET /metrics: Prometheus text exposition of this instance. */
export async function metrics(rt: Runtime, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  sendText(res, 200, await rt.metrics.registry.metrics(), rt.metrics.registry.contentType);
}
