// Every scheduled job of the server. Each domain adds its own here.
import { ESCALATION_SWEEP_JOB, runEscalationSweep } from '../escalations/service.ts';
import { INCIDENT_REMINDERS_JOB, runIncidentReminders } from '../incidents/timeline.ts';
import { ONCALL_HANDOFF_JOB, runOnCallHandoff } from '../oncall/service.ts';
import { DAILY_CHECK_JOB, MONTHLY_REVIEW_JOB, runDailyCheck, runMonthlyReview, runWeeklyReport, WEEKLY_REPORT_JOB } from '../reports/service.ts';
import { runSlaSweep, SLA_SWEEP_JOB } from '../sla/service.ts';
import { AUTO_CLOSE_JOB, runAutoClose } from '../tickets/service.ts';
import { HEALTH_CHECKS_JOB, runHealthChecks } from '../healthchecks/service.ts';
import { runTriageAgendas, TRIAGE_AGENDAS_JOB } from '../triage/meetings.ts';
import { DELIVER_NOTIFICATIONS_JOB, deliverNotifications } from '../notifications/jobs.ts';
import type { Transports } from '../notifications/service.ts';
import type { Job } from '../platform/jobs.ts';

/** Every scheduled job; the outbox worker sends through `transports`. */
export const jobs = (transports: Transports): Job[] => [
  { name: SLA_SWEEP_JOB, schedule: '* * * * *', run: runSlaSweep },
  // Every minute: a handoff is announced within a minute of its boundary, once across instances.
  { name: ONCALL_HANDOFF_JOB, schedule: '* * * * *', run: runOnCallHandoff },
  // Every minute: overdue incident updates (repeated at the cadence) and overdue post-mortems.
  { name: INCIDENT_REMINDERS_JOB, schedule: '* * * * *', run: runIncidentReminders },
  // Every minute: 4 hours without progress escalates a ticket one level, once per stall.
  { name: ESCALATION_SWEEP_JOB, schedule: '* * * * *', run: runEscalationSweep },
  // Every 5 minutes: RESOLVED tickets quiet for OPSBOARD_AUTO_CLOSE_DAYS close.
  { name: AUTO_CLOSE_JOB, schedule: '*/5 * * * *', run: runAutoClose },
  { name: DELIVER_NOTIFICATIONS_JOB, schedule: '*/5 * * * * *', run: (deps) => deliverNotifications(deps, transports) },
  // Reports (OPSBOARD_TIME_ZONE): the daily check at 09:00, the weekly report Fridays at 14:00,
  // the monthly review on the first Monday (the job runs every Monday and acts on the first).
  { name: DAILY_CHECK_JOB, schedule: '0 9 * * *', run: runDailyCheck },
  { name: WEEKLY_REPORT_JOB, schedule: '0 14 * * 5', run: runWeeklyReport },
  { name: MONTHLY_REVIEW_JOB, schedule: '0 9 * * 1', run: runMonthlyReview },
  // Every 5 seconds: health checks that are due (each on its own interval, claimed once across instances).
  { name: HEALTH_CHECKS_JOB, schedule: '*/5 * * * * *', run: runHealthChecks },
  // Every minute: the agenda of a triage meeting that has just started (09:30 daily, Fridays 14:00, team time zone).
  { name: TRIAGE_AGENDAS_JOB, schedule: '* * * * *', run: runTriageAgendas },
];
