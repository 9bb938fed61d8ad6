// Every 5 minutes: RESOLVED tickets quiet for OPSBOARD_AUTO_CLOSE_DAYS close.
import { AUTO_CLOSE_JOB, runAutoClose } from './service.ts';
import type { Job } from '../platform/jobs.ts';

export const ticketJobs: Job[] = [{ name: AUTO_CLOSE_JOB, schedule: '*/5 * * * *', run: runAutoClose }];
