// The SLA sweep: clocks at risk warn and breached clocks breach, once each, every minute.
import { runSlaSweep, SLA_SWEEP_JOB } from './service.ts';
import type { Job } from '../platform/jobs.ts';

export const slaJobs: Job[] = [{ name: SLA_SWEEP_JOB, schedule: '* * * * *', run: runSlaSweep }];
