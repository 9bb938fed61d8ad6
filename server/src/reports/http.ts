// GET /reports/export.csv — every report table and trend chart as CSV, for managers (bearer token as for the API).
//   ?table=<report table>&period=DAY|WEEK|MONTH&start=<ISO date-time>[&end=<ISO date-time>]
//   ?table=trend-<chart>&months=<1–36>
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../platform/runtime.ts';
import { authenticate, isManager } from '../auth/service.ts';
import { pickTable, REPORT_TABLES, reportTables, toCsv, trendTables, TREND_TABLES } from './tables.ts';
import { report, trends } from './service.ts';
import { sendDomainError, sendJson } from '../platform/http.ts';
import { fieldError } from '../platform/errors.ts';
import type { Route } from '../platform/routes.ts';

const date = (value: string | null): Date | undefined => {
  if (!value) return undefined;
  const d = new Date(value);
  return /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(d.getTime()) ? d : new Date(Number.NaN);
};

export async function reportsExport(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let actor;
  try {
    actor = await authenticate(rt, req.headers.authorization);
  } catch (error) {
    return sendDomainError(res, error); // a malformed, unknown, expired or revoked token: 401
  }
  if (!actor) return sendJson(res, 401, { error: 'Sign in first: send Authorization: Bearer <token>' });
  if (!isManager(actor)) return sendJson(res, 403, { error: 'Reports are for managers and admins' });
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const name = query.get('table') ?? '';
  try {
    let table;
    let stamp: string;
    if (TREND_TABLES.includes(name)) {
      const months = query.get('months') ?? '12';
      if (!/^\d{1,3}$/.test(months)) throw fieldError('months', `must be a whole number from 1 to 36, got "${months.slice(0, 20)}"`);
      const points = await trends(rt, Number(months));
      table = pickTable(trendTables(points), name);
      stamp = `${points[0]?.label}-to-${points.at(-1)?.label}`;
    } else {
      if (!REPORT_TABLES.includes(name)) pickTable([], name);
      const start = date(query.get('start'));
      if (!start || Number.isNaN(start.getTime())) return sendJson(res, 400, { error: 'start: required, an ISO 8601 date-time such as 2026-03-01T00:00:00Z' });
      const end = date(query.get('end'));
      if (end && Number.isNaN(end.getTime())) return sendJson(res, 400, { error: 'end: must be an ISO 8601 date-time' });
      const r = await report(rt, { period: (query.get('period') ?? 'MONTH') as 'MONTH', start, end: end ?? null });
      table = pickTable(reportTables(r), name);
      stamp = `${r.period.toLowerCase()}-${r.start.toISOString().slice(0, 10)}`;
    }
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="opsboard-${table.name}-${stamp}.csv"`,
      'cache-control': 'no-store',
    });
    res.end(toCsv(table));
  } catch (error) {
    sendDomainError(res, error);
  }
}

export const reportRoutes: Route[] = [{ method: 'GET', path: '/reports/export.csv', handle: reportsExport }];
