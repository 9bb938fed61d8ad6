// Every minute: the agenda of a triage meeting that has just started (09:30 daily, Fridays 14:00, team time zone).
import { runTriageAgendas, TRIAGE_AGENDAS_JOB } from './meetings.ts';
import type { Job } from '../platform/jobs.ts';

export const triageJobs: Job[] = [{ name: TRIAGE_AGENDAS_JOB, schedule: '* * * * *', run: runTriageAgendas }];
