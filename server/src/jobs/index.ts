// Every scheduled job of the server. Each domain adds its own here.
import { runSlaSweep } from '../services/sla.ts';
import { deliverNotifications } from './deliver-notifications.ts';
import type { Job } from './scheduler.ts';

export const jobs: Job[] = [
  { name: 'sla-sweep', schedule: '* * * * *', run: runSlaSweep },
  { name: 'deliver-notifications', schedule: '*/5 * * * * *', run: deliverNotifications },
];
