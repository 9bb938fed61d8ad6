// GraphQL documents in tests are typed against server/schema.graphql (gql.tada), through the same
// generated introspection as the web app: a renamed field or a wrong variable fails `pnpm typecheck`,
// not a test run.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../../web/src/graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    DateTime: string;
    JSON: unknown;
    ID: string;
  };
}>();

export type { ResultOf, TadaDocumentNode, VariablesOf } from 'gql.tada';

/** A document's variables as arguments: optional when it has no required ones. */
export type VariablesArgs<Variables> = Record<string, never> extends Variables ? [variables?: Variables] : [variables: Variables];
