// Errors callers may see. They are built with graphql-yoga's createGraphQLError so they are the
// GraphQLError class yoga itself recognises (and therefore does not mask), whichever build of
// graphql the caller's module loader picked.
import { createGraphQLError } from 'graphql-yoga';
import type { ZodError } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

/** Bad input from a caller: a clear message, the fields at fault, nothing written. */
export function inputError(message: string, fieldErrors: FieldError[] = []): Error {
  return createGraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', fieldErrors } });
}

/** Bad input on one field; the message names it. */
export function fieldError(field: string, message: string): Error {
  return inputError(`${field}: ${message}`, [{ field, message }]);
}

export function notFound(what: string): Error {
  return createGraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
}

export function authError(message = 'Not signed in, or the token is invalid', code: 'UNAUTHENTICATED' | 'FORBIDDEN' = 'UNAUTHENTICATED'): Error {
  return createGraphQLError(message, { extensions: { code } });
}

export function zodInputError(error: ZodError, prefix = 'input'): Error {
  const fieldErrors = error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.') || prefix || 'input',
    message: issue.message,
  }));
  const summary = fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ');
  return inputError(`Invalid input — ${summary}`, fieldErrors);
}

export function parseInput<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } },
  value: unknown,
  prefix = 'input',
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw zodInputError(result.error, prefix);
  return result.data;
}
