// On-call handoffs, announced within a minute of their boundary, once across instances.
import { ONCALL_HANDOFF_JOB, runOnCallHandoff } from './service.ts';
import type { Job } from '../platform/jobs.ts';

export const onCallJobs: Job[] = [{ name: ONCALL_HANDOFF_JOB, schedule: '* * * * *', run: runOnCallHandoff }];
