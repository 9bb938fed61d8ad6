import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS, inputLimitIssues, LONG_TEXT_LIMITS } from './input-limits.ts';
import { schema } from './schema.ts';

const CREATE = 'mutation ($input: CreateTicketInput!) { createTicket(input: $input) { id } }';
const ticket = (fields: Record<string, unknown>) => ({ input: { title: 't', description: 'd', channel: 'WEB', ...fields } });
const issues = (query: string, variables?: Record<string, unknown>) => inputLimitIssues(schema, parse(query), variables);

describe('input limits', () => {
  it('passes ordinary input', () => {
    expect(issues(CREATE, ticket({ tags: ['a', 'b'] }))).toEqual([]);
    expect(issues('{ tickets(first: 5) { totalCount } }')).toEqual([]);
  });

  it('bounds strings at 10 000 characters, variables and inline literals alike', () => {
    expect(issues('mutation ($n: String!) { createDisplayToken(name: $n) { token } }', { n: 'x'.repeat(10_000) })).toEqual([]);
    expect(issues('mutation ($n: String!) { createDisplayToken(name: $n) { token } }', { n: 'x'.repeat(10_001) })).toEqual([
      { field: 'name', message: 'must be at most 10000 characters' },
    ]);
    expect(issues(`mutation { createDisplayToken(name: "${'x'.repeat(10_001)}") { token } }`)).toEqual([
      { field: 'name', message: 'must be at most 10000 characters' },
    ]);
    expect(issues(CREATE, ticket({ tags: ['ok', 'y'.repeat(10_001)] }))).toEqual([{ field: 'input.tags.1', message: 'must be at most 10000 characters' }]);
  });

  it('gives the long texts the limit their services have', () => {
    expect(issues(CREATE, ticket({ description: 'x'.repeat(20_000) }))).toEqual([]);
    expect(issues(CREATE, ticket({ description: 'x'.repeat(20_001) }))).toEqual([{ field: 'input.description', message: 'must be at most 20000 characters' }]);
    // The .ics argument of importHolidays (a field argument, not an input field) takes 1 000 000.
    const IMPORT = 'mutation ($c: ID!, $ics: String!) { importHolidays(calendarId: $c, ics: $ics) { added } }';
    const c = '00000000-0000-4000-8000-000000000000';
    expect(issues(IMPORT, { c, ics: 'x'.repeat(1_000_000) })).toEqual([]);
    expect(issues(IMPORT, { c, ics: 'x'.repeat(1_000_001) })).toEqual([{ field: 'ics', message: 'must be at most 1000000 characters' }]);
    // Another field's argument of the same name keeps the default limit.
    expect(issues(`mutation { createDisplayToken(name: "${'x'.repeat(10_001)}") { token } }`)).toHaveLength(1);
    // Every long-text entry names an input field (Input.field) or a field argument (Type.field(arg:)) the schema has, as a String.
    for (const coordinate of Object.keys(LONG_TEXT_LIMITS)) {
      const argument = /^(\w+)\.(\w+)\((\w+):\)$/.exec(coordinate);
      const [type, field] = (argument ? argument.slice(1, 3) : coordinate.split('.')) as [string, string];
      const owner = schema.getType(type);
      const def =
        owner && 'getFields' in owner ? (owner.getFields() as Record<string, { type: unknown; args?: { name: string; type: unknown }[] }>)[field] : undefined;
      const found = argument ? def?.args?.find((a) => a.name === argument[3])?.type : def?.type;
      expect(String(found), coordinate).toMatch(/^String!?$/);
    }
  });

  it('bounds IDs at 200 characters and lists at 1 000 items', () => {
    expect(issues('query ($id: ID) { ticket(id: $id) { id } }', { id: '1'.repeat(201) })).toEqual([
      { field: 'id', message: `must be at most ${INPUT_LIMITS.id} characters` },
    ]);
    expect(issues(CREATE, ticket({ tags: Array(1_000).fill('a') }))).toEqual([]);
    expect(issues(CREATE, ticket({ tags: Array(1_001).fill('a') }))).toEqual([{ field: 'input.tags', message: 'must have at most 1000 items' }]);
  });

  it('refuses NUL and lone surrogates anywhere in a string', () => {
    expect(issues(CREATE, ticket({ title: 'a\u0000b' }))).toEqual([{ field: 'input.title', message: 'must not contain a NUL character' }]);
    expect(issues(CREATE, ticket({ title: 'a\uD800b' }))).toEqual([{ field: 'input.title', message: 'must not contain a lone surrogate (invalid Unicode)' }]);
    expect(issues(CREATE, ticket({ title: 'a\uDC00' }))).toHaveLength(1);
    expect(issues(CREATE, ticket({ title: 'fire \u{1F525} and ünïcödé' }))).toEqual([]);
    expect(issues('mutation { createDisplayToken(name: "a\\u0000") { token } }')).toEqual([{ field: 'name', message: 'must not contain a NUL character' }]);
  });

  it('bounds JSON values: depth 20, strings and keys checked', () => {
    const RENDER = 'query ($v: JSON) { renderResponseTemplate(key: "k", ticketId: "t", values: $v) { body } }';
    const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nested(depth - 1) });
    expect(issues(RENDER, { v: nested(20) })).toEqual([]);
    expect(issues(RENDER, { v: nested(21) })).toEqual([{ field: `values${'.a'.repeat(20)}`, message: 'must not be nested more than 20 levels deep' }]);
    expect(issues(RENDER, { v: { feature: 'x\u0000' } })).toEqual([{ field: 'values.feature', message: 'must not contain a NUL character' }]);
    expect(issues(RENDER, { v: Array(1_001).fill(1) })).toEqual([{ field: 'values', message: 'must have at most 1000 items' }]);
  });

  it('leaves values graphql-js cannot coerce to graphql-js, and reports at most 10 fields', () => {
    expect(issues(CREATE, { input: 42 })).toEqual([]);
    expect(issues(CREATE, ticket({ tags: Array(50).fill('\u0000') }))).toHaveLength(10);
  });
});
