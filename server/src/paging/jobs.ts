// Unacknowledged pages climb the chain: checked every minute, once across instances.
import { PAGE_ESCALATION_JOB, runPageEscalation } from './service.ts';
import type { Job } from '../platform/jobs.ts';

export const pagingJobs: Job[] = [{ name: PAGE_ESCALATION_JOB, schedule: '* * * * *', run: runPageEscalation }];
