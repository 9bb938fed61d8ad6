// On-call load: how often each person was paged per week (after-hours pages apart), and how fast
// pages were acknowledged (MTTA p50 / p90) per month, in the team's time zone.
import { fieldError } from '../platform/errors.ts';
import type { Deps } from '../platform/db.ts';

export interface PageLoadWeek {
  weekStart: string;
  userId: string;
  name: string;
  pages: number;
  afterHoursPages: number;
}

export interface PageMttaMonth {
  month: string;
  pages: number;
  acknowledged: number;
  p50Seconds: number | null;
  p90Seconds: number | null;
}

/** Pages each person was asked to take, per week (Monday first, local date), over the last `weeks` weeks. */
export async function pageLoad(deps: Deps, weeks = 8): Promise<PageLoadWeek[]> {
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52) throw fieldError('weeks', 'must be between 1 and 52');
  const tz = deps.config.timeZone;
  const since = new Date(deps.clock.now().getTime() - weeks * 7 * 86_400_000);
  const rows = await deps.prisma.$queryRaw<{ week: Date; userId: string; name: string; pages: bigint; afterHours: bigint }[]>`
    SELECT date_trunc('week', r."notifiedAt" AT TIME ZONE ${tz})::date AS week, u.id AS "userId", u.name,
           count(*) AS pages, count(*) FILTER (WHERE p."afterHours") AS "afterHours"
      FROM "PageRecipient" r
      JOIN "Page" p ON p.id = r."pageId"
      JOIN "User" u ON u.id = r."userId"
     WHERE r."notifiedAt" >= ${since}
     GROUP BY 1, 2, 3
     ORDER BY 1 DESC, 3`;
  return rows.map((r) => ({
    weekStart: r.week.toISOString().slice(0, 10),
    userId: r.userId,
    name: r.name,
    pages: Number(r.pages),
    afterHoursPages: Number(r.afterHours),
  }));
}

/** Time to acknowledge per month (local): p50 and p90 over the pages acknowledged, for the last `months` months. */
export async function pageMtta(deps: Deps, months = 12): Promise<PageMttaMonth[]> {
  if (!Number.isInteger(months) || months < 1 || months > 36) throw fieldError('months', 'must be between 1 and 36');
  const tz = deps.config.timeZone;
  const since = new Date(deps.clock.now().getTime() - months * 31 * 86_400_000);
  const rows = await deps.prisma.$queryRaw<{ month: Date; pages: bigint; acknowledged: bigint; p50: number | null; p90: number | null }[]>`
    SELECT date_trunc('month', "createdAt" AT TIME ZONE ${tz})::date AS month,
           count(*) AS pages,
           count("acknowledgedAt") AS acknowledged,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "acknowledgedAt" - "createdAt")) AS p50,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM "acknowledgedAt" - "createdAt")) AS p90
      FROM "Page"
     WHERE "createdAt" >= ${since}
     GROUP BY 1
     ORDER BY 1`;
  return rows.map((r) => ({
    month: r.month.toISOString().slice(0, 7),
    pages: Number(r.pages),
    acknowledged: Number(r.acknowledged),
    p50Seconds: r.p50 === null ? null : Math.round(Number(r.p50)),
    p90Seconds: r.p90 === null ? null : Math.round(Number(r.p90)),
  }));
}
