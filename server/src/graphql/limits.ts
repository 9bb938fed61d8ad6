// Limits on every GraphQL operation, HTTP and graphql-ws alike (both run through yoga's envelop):
// GraphQL Armor's depth, alias, directive, token and cost checks, plus CSRF prevention.
// Armor reports through `onReject`; we turn its errors into yoga's own GraphQLError so they reach
// the caller as clear messages instead of being masked as unexpected.
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { getOperationAST, type OperationDefinitionNode, parse } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export const GRAPHQL_LIMITS = {
  /** Nesting of selections (the deepest screen query is 5). */
  depth: 10,
  aliases: 15,
  directives: 20,
  /** Lexical tokens in one document (GraphiQL's introspection query is about 300). */
  tokens: 2_000,
  /** GraphQL Armor's cost: objects 2, scalars 1, ×1.5 per level of depth. */
  cost: 15_000,
  /** Bytes in one HTTP request body (graphql-ws messages have the same cap). */
  bodyBytes: 64 * 1024,
  /** Bytes in one HTTP request body from a signed-in manager or admin (an .ics import of holidays). */
  managerBodyBytes: 2 * 1024 * 1024,
} as const;

/** Headers a browser cannot send cross-site without a CORS preflight: one must come with GET and form posts. */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'authorization'];

type Reporter = { reportError?: (error: Error) => void } | null;

function reject(context: Reporter, error: Error): void {
  const clear = createGraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'LIMIT_EXCEEDED', http: { status: 400 } } });
  // Validation rules get a ValidationContext to report to; the token limit runs inside the parser.
  if (context?.reportError) context.reportError(clear);
  else throw clear;
}

export function graphqlLimitPlugins(): Plugin[] {
  const common = { exposeLimits: true, propagateOnRejection: false, onReject: [reject as never] };
  return [
    useCSRFPrevention({ requestHeaders: CSRF_HEADERS }),
    maxTokensPlugin({ ...common, n: GRAPHQL_LIMITS.tokens }) as Plugin,
    maxDepthPlugin({ ...common, n: GRAPHQL_LIMITS.depth }) as Plugin,
    // Armor lets __typename be aliased without counting; an alias bomb of it costs little but is still a bomb.
    maxAliasesPlugin({ ...common, n: GRAPHQL_LIMITS.aliases, allowList: [] }) as Plugin,
    maxDirectivesPlugin({ ...common, n: GRAPHQL_LIMITS.directives }) as Plugin,
    costLimitPlugin({ ...common, maxCost: GRAPHQL_LIMITS.cost }) as Plugin,
  ];
}

/**
 * Subscriptions are served over graphql-ws only, where the fan-out shares one execution among
 * subscribers and the socket limits apply. yoga would also stream them over server-sent events
 * (`POST /graphql` with a subscription), outside both; such a request gets 400 and a pointer.
 */
export function useWebSocketSubscriptionsOnly(): Plugin {
  return {
    onParams({ params, setResult }) {
      // A query that is not a string is refused by yoga's own checks after this.
      if (typeof params.query !== 'string' || !params.query.includes('subscription')) return;
      let operation: OperationDefinitionNode | null | undefined;
      try {
        operation = getOperationAST(parse(params.query), params.operationName);
      } catch {
        return; // a syntax error is reported by the normal pipeline
      }
      if (operation?.operation !== 'subscription') return;
      setResult({
        errors: [
          createGraphQLError('Subscriptions are served over WebSocket only: connect to /graphql with the graphql-ws protocol', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          }),
        ],
      });
    },
  };
}
