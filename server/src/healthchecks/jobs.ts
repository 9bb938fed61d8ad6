// Every 5 seconds: health checks that are due (each on its own interval, claimed once across instances).
import { HEALTH_CHECKS_JOB, runHealthChecks } from './service.ts';
import type { Job } from '../platform/jobs.ts';

export const healthCheckJobs: Job[] = [{ name: HEALTH_CHECKS_JOB, schedule: '*/5 * * * * *', run: runHealthChecks }];
