// Every scheduled job of the server. Each domain adds its own here.
import { runIncidentReminders } from '../services/incident-timeline.ts';
import { runOnCallHandoff } from '../services/oncall.ts';
import { runSlaSweep } from '../services/sla.ts';
import { runHealthChecks } from '../services/healthchecks.ts';
import { runTriageAgendas } from '../services/triage-meetings.ts';
import { deliverNotifications } from './deliver-notifications.ts';
import type { Job } from './scheduler.ts';

export const jobs: Job[] = [
  { name: 'sla-sweep', schedule: '* * * * *', run: runSlaSweep },
  // Every minute: a handoff is announced within a minute of its boundary, once across instances.
  { name: 'oncall-handoff', schedule: '* * * * *', run: runOnCallHandoff },
  // Every minute: overdue incident updates (repeated at the cadence) and overdue post-mortems.
  { name: 'incident-reminders', schedule: '* * * * *', run: runIncidentReminders },
  { name: 'deliver-notifications', schedule: '*/5 * * * * *', run: deliverNotifications },
  // Every 5 seconds: health checks that are due (each on its own interval, claimed once across instances).
  { name: 'health-checks', schedule: '*/5 * * * * *', run: runHealthChecks },
  // Every minute: the agenda of a triage meeting that has just started (09:30 daily, Fridays 14:00, team time zone).
  { name: 'triage-agendas', schedule: '* * * * *', run: runTriageAgendas },
];
