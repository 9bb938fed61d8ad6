// Every minute: 4 hours without progress escalates a ticket one level, once per stall.
import { ESCALATION_SWEEP_JOB, runEscalationSweep } from './service.ts';
import type { Job } from '../platform/jobs.ts';

export const escalationJobs: Job[] = [{ name: ESCALATION_SWEEP_JOB, schedule: '* * * * *', run: runEscalationSweep }];
