// Every minute: overdue incident updates (repeated at the cadence) and overdue post-mortems.
import { INCIDENT_REMINDERS_JOB, runIncidentReminders } from './timeline.ts';
import type { Job } from '../platform/jobs.ts';

export const incidentJobs: Job[] = [{ name: INCIDENT_REMINDERS_JOB, schedule: '* * * * *', run: runIncidentReminders }];
