// Hourly, at a quarter past (clear of the jobs that run on the hour): old rows are deleted in batches.
import { RETENTION_JOB, runRetention } from './service.ts';
import type { Job } from '../platform/jobs.ts';

export const retentionJobs: Job[] = [{ name: RETENTION_JOB, schedule: '15 * * * *', run: runRetention }];
