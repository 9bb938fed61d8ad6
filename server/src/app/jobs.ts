// Every scheduled job of the server: each domain lists its own in its jobs.ts.
import { escalationJobs } from '../escalations/jobs.ts';
import { healthCheckJobs } from '../healthchecks/jobs.ts';
import { incidentJobs } from '../incidents/jobs.ts';
import { notificationJobs } from '../notifications/jobs.ts';
import type { Transports } from '../notifications/service.ts';
import { onCallJobs } from '../oncall/jobs.ts';
import { pagingJobs } from '../paging/jobs.ts';
import type { Job } from '../platform/jobs.ts';
import { reportJobs } from '../reports/jobs.ts';
import { retentionJobs } from '../retention/jobs.ts';
import { slaJobs } from '../sla/jobs.ts';
import { ticketJobs } from '../tickets/jobs.ts';
import { triageJobs } from '../triage/jobs.ts';

/** The outbox worker sends through `transports`. */
export const jobs = (transports: Transports): Job[] => [
  ...slaJobs,
  ...onCallJobs,
  ...pagingJobs,
  ...incidentJobs,
  ...escalationJobs,
  ...ticketJobs,
  ...notificationJobs(transports),
  ...reportJobs,
  ...healthCheckJobs,
  ...triageJobs,
  ...retentionJobs,
];
