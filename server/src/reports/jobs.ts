// Reports (OPSBOARD_TIME_ZONE): the daily check at 09:00, the weekly report Fridays at 14:00,
// the monthly review on the first Monday (the job runs every Monday and acts on the first); the daily
// rollups every minute.
import { DAILY_CHECK_JOB, MONTHLY_REVIEW_JOB, runDailyCheck, runMonthlyReview, runWeeklyReport, WEEKLY_REPORT_JOB } from './service.ts';
import type { Job } from '../platform/jobs.ts';
import { ROLLUP_JOB, runRollups } from './rollups.ts';

export const reportJobs: Job[] = [
  { name: DAILY_CHECK_JOB, schedule: '0 9 * * *', run: runDailyCheck },
  { name: WEEKLY_REPORT_JOB, schedule: '0 14 * * 5', run: runWeeklyReport },
  { name: MONTHLY_REVIEW_JOB, schedule: '0 9 * * 1', run: runMonthlyReview },
  // Every minute: the daily rollups the reports read (rollups.ts).
  { name: ROLLUP_JOB, schedule: '* * * * *', run: runRollups },
];
