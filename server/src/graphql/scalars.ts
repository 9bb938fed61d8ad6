import { Kind } from 'graphql';
import { inputError } from '../platform/errors.ts';
import { builder } from './builder.ts';

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function parseDate(value: unknown): Date {
  if (typeof value === 'string' && ISO.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw inputError(`DateTime: expected an ISO 8601 date-time such as 2026-03-02T14:00:00Z, got ${JSON.stringify(value)?.slice(0, 60)}`);
}

builder.scalarType('DateTime', {
  description: 'An ISO 8601 date-time in UTC, e.g. 2026-03-02T14:00:00.000Z',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.scalarType('JSON', {
  description: 'Any JSON value',
  serialize: (value) => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))),
  parseValue: (value) => value,
});
