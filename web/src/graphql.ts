import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// Documents are typed against ../server/schema.graphql: a renamed field fails `tsc`, not the TV.
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    DateTime: string;
    JSON: JsonValue;
    ID: string;
  };
}>();

export { readFragment } from 'gql.tada';
export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
