import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type PrismaTypes from '@opsboard/db/pothos-types';
import { getDatamodel } from '@opsboard/db/pothos-types';
import type { Runtime } from '../platform/runtime.ts';
import { authError } from '../platform/errors.ts';
import { type Actor, type Scope, scopesOf } from '../auth/service.ts';
import type { WallboardService } from '../wallboard/service.ts';

export interface Context {
  rt: Runtime;
  /** The wallboard snapshot, computed once per change for every display. */
  wallboard: WallboardService;
  actor: Actor | null;
  /** The caller's address, for rate limits. */
  clientIp?: string;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: Record<Scope, boolean>;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Check subscriptions when they start, not only when their first event arrives.
    authorizeOnSubscribe: true,
    authScopes: (ctx) => scopesOf(ctx.actor),
    unauthorizedError: (_parent, context) =>
      context.actor?.kind === 'DISPLAY'
        ? authError('Not allowed for a display token: it reads the wallboard only', 'FORBIDDEN')
        : context.actor
          ? authError(`Not allowed for the ${context.actor.readOnly ? 'read-only' : context.actor.role.toLowerCase()} role`, 'FORBIDDEN')
          : authError('Sign in first: this needs a bearer token'),
  },
  prisma: {
    client: (ctx) => ctx.rt.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
});

// Every root field needs a person's token (`reader`) unless it says otherwise: a field added without
// authScopes is closed, not open. A field that is open to displays or to everyone opts out with
// `skipTypeScopes: true` (and its own authScopes, or a place in PUBLIC_ROOT_FIELDS, see public.ts).
builder.queryType({ authScopes: { reader: true } });
builder.mutationType({ authScopes: { reader: true } });
builder.subscriptionType({ authScopes: { reader: true } });
