// The GraphQL edge of the domain errors: each becomes a GraphQL error with its code (and fields).
// `useDomainErrors` maps them in every execution result before yoga's masking, so masking leaves
// them as they are and only unexpected errors are masked (and logged) as "Unexpected error.".
import type { ExecutionResult, GraphQLError } from 'graphql';
import { createGraphQLError, handleStreamOrSingleExecutionResult, maskError as maskUnexpected, type Plugin } from 'graphql-yoga';
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

/** The GraphQL error for a domain error, keeping where it happened; other errors unchanged. */
export function toGraphQLError(error: unknown): unknown {
  const domain = domainErrorOf(error);
  if (!domain) return error;
  const located = error as Partial<GraphQLError>;
  // A wrapper's own message says more (`Variable "$input" has invalid value at .endsAt: …`); a resolver's error repeats the domain's.
  return createGraphQLError(located.message ?? domain.message, {
    nodes: located.nodes ?? null,
    source: located.source ?? null,
    positions: located.positions ?? null,
    path: located.path ?? null,
    extensions: extensionsOf(domain),
  });
}

/** yoga's `maskedErrors.maskError`, also used for subscription errors by the fan-out. */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const mapped = toGraphQLError(error);
  return mapped === error ? maskUnexpected(error, message, isDev) : (mapped as Error);
}

const mapErrors = ({ result, setResult }: { result: ExecutionResult; setResult: (r: ExecutionResult) => void }): void => {
  if (result.errors?.some((e) => domainErrorOf(e))) setResult({ ...result, errors: result.errors.map((e) => toGraphQLError(e) as GraphQLError) });
};

/** Maps domain errors in execution and subscription results (HTTP and graphql-ws alike). */
export function useDomainErrors(): Plugin {
  return {
    onExecute: () => ({ onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, mapErrors) }),
    onSubscribe: () => ({ onSubscribeResult: (payload) => handleStreamOrSingleExecutionResult(payload, mapErrors) }),
  };
}
