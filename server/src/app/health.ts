import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../platform/runtime.ts';
import { sendJson } from '../platform/http.ts';

/** The state of each background worker that reports one (e.g. `imap: "watching"`). */
const statuses = (rt: Runtime) => Object.fromEntries([...rt.statuses].map(([name, read]) => [name, read()]));

/** GET /healthz: 200 when the database answers within 3 s, 503 otherwise; with the state of background workers. */
export async function health(rt: Runtime, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await Promise.race([
      rt.prisma.$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error('database did not answer within 3 s')), 3_000).unref()),
    ]);
    sendJson(res, 200, { status: 'ok', database: rt.dbKind, ...statuses(rt) });
  } catch (error) {
    sendJson(res, 503, { status: 'unavailable', database: rt.dbKind, ...statuses(rt), error: error instanceof Error ? error.message : String(error) });
  }
}
