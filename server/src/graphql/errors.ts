// The GraphQL edge of the domain errors: each becomes a GraphQL error with its code (and fields),
// which masking lets through; anything else is masked as "Unexpected error.".
import type { GraphQLError } from 'graphql';
import { createGraphQLError, maskError as maskUnexpected } from 'graphql-yoga';
import { type DomainError, domainErrorOf, HTTP_STATUS } from '../platform/errors.ts';

function extensionsOf(error: DomainError): Record<string, unknown> {
  switch (error.code) {
    case 'BAD_USER_INPUT':
      return { code: error.code, fieldErrors: error.fieldErrors };
    case 'RATE_LIMITED': {
      const retryAfter = error.retryAfterSeconds ?? 1;
      return { code: error.code, retryAfterSeconds: retryAfter, http: { status: HTTP_STATUS.RATE_LIMITED, headers: { 'retry-after': String(retryAfter) } } };
    }
    default:
      return { code: error.code };
  }
}

/** yoga's `maskedErrors.maskError`, also used for subscription errors by the fan-out. */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const domain = domainErrorOf(error);
  if (!domain) return maskUnexpected(error, message, isDev);
  const located = error as Partial<GraphQLError>;
  return createGraphQLError(domain.message, {
    nodes: located.nodes ?? null,
    source: located.source ?? null,
    positions: located.positions ?? null,
    path: located.path ?? null,
    extensions: extensionsOf(domain),
  });
}
