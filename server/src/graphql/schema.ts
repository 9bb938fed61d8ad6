import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.ts';
import './scalars.ts';
import './enums.ts';
import '../auth/schema.ts';
import '../tickets/schema.ts';
import '../sla/schema.ts';
import '../sla/holidays.schema.ts';
import '../templates/schema.ts';
import '../tickets/respond.schema.ts';
import '../tickets/quality.schema.ts';
import '../triage/schema.ts';
import '../escalations/schema.ts';
import './events.ts';
import '../oncall/schema.ts';
import '../paging/schema.ts';
import '../incidents/schema.ts';
import '../wallboard/schema.ts';
import '../notifications/schema.ts';
import '../reports/schema.ts';
import '../kb/schema.ts';
import '../healthchecks/schema.ts';
import '../team/reference.schema.ts';
import '../triage/meetings.schema.ts';
import '../team/onboarding.schema.ts';
import '../team/improvement.schema.ts';

/**
 * Root fields anyone may call without a token. Every other root field needs a scope: the root types
 * default to `reader` (builder.ts), and a field that opts out of that with `skipTypeScopes` must name
 * its own authScopes or be listed here.
 */
export const PUBLIC_ROOT_FIELDS: readonly string[] = ['Query.me', 'Query.signInOptions', 'Mutation.login'];

/** Root fields that would run for anyone while not listed as public: none, or the server does not start. */
export function unscopedRootFields(built: GraphQLSchema): string[] {
  const unscoped: string[] = [];
  for (const type of [built.getQueryType(), built.getMutationType(), built.getSubscriptionType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const options = (field.extensions?.pothosOptions ?? {}) as { authScopes?: unknown; skipTypeScopes?: boolean };
      const typeScoped = !options.skipTypeScopes && !!(type?.extensions?.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes;
      const name = `${type!.name}.${field.name}`;
      if (!typeScoped && !options.authScopes && !PUBLIC_ROOT_FIELDS.includes(name)) unscoped.push(name);
    }
  }
  return unscoped;
}

export const schema = builder.toSchema();
const unscoped = unscopedRootFields(schema);
if (unscoped.length) throw new Error(`root fields without authScopes (give them a scope or list them in PUBLIC_ROOT_FIELDS): ${unscoped.join(', ')}`);
export const printedSchema = (): string => printSchema(lexicographicSortSchema(schema));
