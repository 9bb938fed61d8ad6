// Every root field of the printed schema, called without a token with the least arguments its types
// accept, is refused, unless it is one of the few meant for everyone. A field added without a scope
// fails here (and the server refuses to start: graphql/schema.ts).
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  type GraphQLField,
  type GraphQLInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isCompositeType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken } from '../../support/factories/people.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { subscribeRaw } from '../../support/stream.ts';

const PUBLIC = new Set(['Query.me', 'Query.signInOptions', 'Mutation.login']);
const printed = buildSchema(readFileSync(new URL('../../../server/schema.graphql', import.meta.url), 'utf8'));

const SCALARS: Record<string, unknown> = { ID: '1', String: 'x', Int: 1, Float: 1, Boolean: true, DateTime: '2026-01-05T10:00:00Z', JSON: {} };

/** The smallest value `type` accepts: required input fields only, one element per list. */
function minimal(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return minimal(type.ofType);
  if (isListType(type)) return [minimal(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type))
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, minimal(f.type)]),
    );
  if (isScalarType(type)) return SCALARS[type.name] ?? 'x';
  throw new Error(`no minimal value for ${String(type)}`);
}

/** `operation ($a: T!) { field(a: $a) { __typename } }` with its variables. */
function call(operation: 'query' | 'mutation' | 'subscription', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const declared = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const passed = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return {
    query: `${operation}${declared ? ` (${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`,
    variables: Object.fromEntries(required.map((a) => [a.name, minimal(a.type)])),
  };
}

const roots = [
  ['query', printed.getQueryType()!],
  ['mutation', printed.getMutationType()!],
  ['subscription', printed.getSubscriptionType()!],
] as const;
const fields = roots.flatMap(([operation, type]) => Object.values(type.getFields()).map((field) => ({ operation, name: `${type.name}.${field.name}`, field })));

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.stop());

describe('every root field', () => {
  it('covers the whole schema, and the public list names real fields', () => {
    expect(fields.length).toBeGreaterThan(50);
    for (const name of PUBLIC) expect(fields.map((f) => f.name)).toContain(name);
  });

  it('is refused without a token over HTTP (queries and mutations) unless it is public', async () => {
    const open: string[] = [];
    for (const { operation, name, field } of fields.filter((f) => f.operation !== 'subscription' && !PUBLIC.has(f.name))) {
      const { query, variables } = call(operation, field);
      const result = await server.gqlRaw(query, variables, null);
      const codes = (result.errors ?? []).map((e) => e.extensions?.code);
      if (!codes.includes('UNAUTHENTICATED')) open.push(`${name}: ${JSON.stringify(result).slice(0, 200)}`);
    }
    expect(open).toEqual([]);
  });

  it('is refused without a token over WebSocket (subscriptions)', async () => {
    const client = server.ws({ token: null });
    const open: string[] = [];
    for (const { name, field } of fields.filter((f) => f.operation === 'subscription')) {
      const { query, variables } = call('subscription', field);
      const stream = subscribeRaw(client, query, variables);
      const outcome = await stream.waitFor(1, 5_000).then(
        () => 'delivered',
        (error: Error) => error.message,
      );
      stream.dispose();
      // Refused: a socket without a token is closed at connection_init (4401).
      if (!/4401/.test(outcome)) open.push(`${name}: ${outcome}`);
    }
    expect(open).toEqual([]);
  });

  it('is refused to a display token too, but for the wallboard and its own sign-out', async () => {
    const display = await createDisplayToken(server, 'Lobby TV');
    const forDisplays = new Set([...PUBLIC, 'Query.wallboard', 'Mutation.logout']);
    const open: string[] = [];
    for (const { operation, name, field } of fields.filter((f) => f.operation !== 'subscription' && !forDisplays.has(f.name))) {
      const { query, variables } = call(operation, field);
      const result = await server.gqlRaw(query, variables, display);
      if (!(result.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN')) open.push(`${name}: ${JSON.stringify(result).slice(0, 200)}`);
    }
    expect(open).toEqual([]);
    expect((await server.gqlRaw('{ wallboard { openTotal } }', {}, display)).errors).toBeUndefined();
  });

  it('runs when it is public', async () => {
    expect((await server.gqlRaw('{ me { displayName } }', {}, null)).data).toEqual({ me: null });
  });
});
