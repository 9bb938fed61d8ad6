// Every scheduled job of the server. Each domain adds its own here.
import type { Job } from './scheduler.ts';

export const jobs: Job[] = [];
