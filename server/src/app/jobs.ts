// Every scheduled job of the server. Each domain adds its own here.
import { runEscalationSweep } from '../escalations/service.ts';
import { runIncidentReminders } from '../incidents/timeline.ts';
import { runOnCallHandoff } from '../oncall/service.ts';
import { runDailyCheck, runMonthlyReview, runWeeklyReport } from '../reports/service.ts';
import { runSlaSweep } from '../sla/service.ts';
import { runAutoClose } from '../tickets/service.ts';
import { runHealthChecks } from '../healthchecks/service.ts';
import { runTriageAgendas } from '../triage/meetings.ts';
import { deliverNotifications } from '../notifications/jobs.ts';
import type { Job } from '../platform/jobs.ts';

export const jobs: Job[] = [
  { name: 'sla-sweep', schedule: '* * * * *', run: runSlaSweep },
  // Every minute: a handoff is announced within a minute of its boundary, once across instances.
  { name: 'oncall-handoff', schedule: '* * * * *', run: runOnCallHandoff },
  // Every minute: overdue incident updates (repeated at the cadence) and overdue post-mortems.
  { name: 'incident-reminders', schedule: '* * * * *', run: runIncidentReminders },
  // Every minute: 4 hours without progress escalates a ticket one level, once per stall.
  { name: 'ticket-escalations', schedule: '* * * * *', run: runEscalationSweep },
  // Every 5 minutes: RESOLVED tickets quiet for OPSBOARD_AUTO_CLOSE_DAYS close.
  { name: 'ticket-auto-close', schedule: '*/5 * * * *', run: runAutoClose },
  { name: 'deliver-notifications', schedule: '*/5 * * * * *', run: deliverNotifications },
  // Reports (OPSBOARD_TIME_ZONE): the daily check at 09:00, the weekly report Fridays at 14:00,
  // the monthly review on the first Monday (the job runs every Monday and acts on the first).
  { name: 'report-daily', schedule: '0 9 * * *', run: runDailyCheck },
  { name: 'report-weekly', schedule: '0 14 * * 5', run: runWeeklyReport },
  { name: 'report-monthly', schedule: '0 9 * * 1', run: runMonthlyReview },
  // Every 5 seconds: health checks that are due (each on its own interval, claimed once across instances).
  { name: 'health-checks', schedule: '*/5 * * * * *', run: runHealthChecks },
  // Every minute: the agenda of a triage meeting that has just started (09:30 daily, Fridays 14:00, team time zone).
  { name: 'triage-agendas', schedule: '* * * * *', run: runTriageAgendas },
];
