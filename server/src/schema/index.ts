import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from '../builder.ts';
import './scalars.ts';
import './enums.ts';
import './users.ts';
import './tickets.ts';
import './sla.ts';
import './support.ts';
import './events.ts';
import './oncall.ts';
import './incidents.ts';
import './wallboard.ts';
import './notifications.ts';
import './healthchecks.ts';
import './reference.ts';
import './triage-meetings.ts';

export const schema = builder.toSchema();
export const printedSchema = (): string => printSchema(lexicographicSortSchema(schema));
