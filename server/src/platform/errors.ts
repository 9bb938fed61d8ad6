// Errors callers may see, thrown by services whichever edge called them. The GraphQL edge
// (graphql/errors.ts) and the HTTP edge (`sendDomainError` in platform/http.ts) each map them once.
import type { ZodError } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'RATE_LIMITED' | 'EVENTS_EXPIRED';

/** The HTTP status each code answers with. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  EVENTS_EXPIRED: 410,
};

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    message: string,
    readonly code: ErrorCode,
    readonly fieldErrors: FieldError[] = [],
    /** For RATE_LIMITED: when to try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Bad input from a caller: a clear message, the fields at fault, nothing written. */
export function inputError(message: string, fieldErrors: FieldError[] = []): DomainError {
  return new DomainError(message, 'BAD_USER_INPUT', fieldErrors);
}

/** Bad input on one field; the message names it. */
export function fieldError(field: string, message: string): DomainError {
  return inputError(`${field}: ${message}`, [{ field, message }]);
}

export function notFound(what: string): DomainError {
  return new DomainError(`${what} not found`, 'NOT_FOUND');
}

export function authError(message = 'Not signed in, or the token is invalid', code: 'UNAUTHENTICATED' | 'FORBIDDEN' = 'UNAUTHENTICATED'): DomainError {
  return new DomainError(message, code);
}

export function rateLimitedError(message: string, retryAfterSeconds: number): DomainError {
  return new DomainError(message, 'RATE_LIMITED', [], retryAfterSeconds);
}

/** A replay from an event id the retention job has already deleted past: the caller must load afresh. */
export function eventsExpiredError(after: bigint): DomainError {
  return new DomainError(`Events after ${after} are no longer kept; reload`, 'EVENTS_EXPIRED');
}

export function zodInputError(error: ZodError, prefix = 'input'): DomainError {
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

/** The domain error behind `error` (itself, or the original error a GraphQL error wraps, however deep). */
export function domainErrorOf(error: unknown): DomainError | undefined {
  // graphql-js wraps a scalar's parse error twice (the variable's error around the value's), so look down the chain.
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth += 1) {
    if (current instanceof DomainError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}
