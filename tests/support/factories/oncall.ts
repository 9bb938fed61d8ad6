// On-call rotations for tests, created through the public API: weekly handoff on Monday 09:00 in
// New York from Monday 2 March 2026 unless the test says otherwise; the first person is on call first.
import { graphql, type VariablesOf } from '../graphql.ts';
import type { TestServer } from '../server.ts';
import type { TestPerson } from './people.ts';

export const CREATE_ROTATION = graphql(`
  mutation CreateOnCallRotation($input: CreateOnCallRotationInput!) {
    createOnCallRotation(input: $input) {
      rotation {
        id
        name
      }
      now {
        name
      }
    }
  }
`);

export type CreateRotationInput = VariablesOf<typeof CREATE_ROTATION>['input'];

/** Creates the default rotation of `people`, in that order; fails the test on any error. */
export async function createRotation(server: TestServer, people: TestPerson[], input: Partial<CreateRotationInput> = {}) {
  const result = await server.gql(CREATE_ROTATION, {
    input: {
      name: 'Engineering primary',
      timeZone: 'America/New_York',
      handoffWeekday: 1,
      handoffMinute: 540,
      startsAt: '2026-03-02T14:00:00Z',
      participantIds: people.map((p) => p.id),
      isDefault: true,
      ...input,
    },
  });
  if (!result.data?.createOnCallRotation) throw new Error(`createRotation failed: ${JSON.stringify(result.errors)}`);
  return result.data.createOnCallRotation;
}
