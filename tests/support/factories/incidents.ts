// Incidents for tests, declared through the public API as an incident commander would.
import { graphql, type VariablesOf } from '../graphql.ts';
import type { GqlClient } from '../server.ts';

export const DECLARE_INCIDENT = graphql(`
  mutation DeclareIncident($input: DeclareIncidentInput!) {
    declareIncident(input: $input) {
      id
      number
    }
  }
`);

export type DeclareIncidentInput = VariablesOf<typeof DECLARE_INCIDENT>['input'];

/** Declares an incident through GraphQL and returns its id and number; fails the test on any error. */
export async function declareIncident(client: GqlClient, input: DeclareIncidentInput, token?: string) {
  const result = await client.gql(DECLARE_INCIDENT, { input }, token);
  if (!result.data?.declareIncident) throw new Error(`declareIncident failed: ${JSON.stringify(result.errors)}`);
  return result.data.declareIncident;
}
