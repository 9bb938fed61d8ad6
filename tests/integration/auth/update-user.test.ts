// Role changes and deactivation take effect at once: over HTTP on the next request, and on open
// WebSockets, which are closed (4403) so they reconnect with the new rights or not at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, signIn, type TestPerson } from '../../support/factories/people.ts';
import { graphql } from '../../support/graphql.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { subscribe } from '../../support/stream.ts';

const UPDATE_USER = graphql(`
  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      id
      role
      active
    }
  }
`);
const WALLBOARD = graphql(`
  subscription UpdateUserWallboard {
    wallboard {
      wallboard {
        openTotal
      }
    }
  }
`);
const CREATE_TICKET = `mutation { createTicket(input: { title: "Export fails", description: "Steps", channel: EMAIL }) { id } }`;

let server: TestServer;
let manager: string;
beforeAll(async () => {
  server = await startServer();
  manager = await signIn(server, await createPerson(server, 'Mina Manager', 'MANAGER'));
});
afterAll(async () => server?.stop());

const closedOf = (client: ReturnType<TestServer['ws']>) =>
  new Promise<{ code: number; reason: string }>((resolve) => client.on('closed', (event) => resolve(event as { code: number; reason: string })));

describe('updateUser', () => {
  let agent: TestPerson;
  let token: string;
  beforeAll(async () => {
    agent = await createPerson(server, 'Ari Agent', 'AGENT');
    token = await signIn(server, agent);
  });

  it('demotes an agent: their next request and their open socket see the new role', async () => {
    expect((await server.wire.gqlRaw(CREATE_TICKET, {}, token)).errors).toBeUndefined();
    const client = server.ws({ token });
    const closed = closedOf(client);
    const live = subscribe(client, WALLBOARD);
    await live.waitFor(1);

    const before = await server.app.rt.prisma.event.count({ where: { type: 'ACTOR_CHANGED' } });
    const changed = await server.gql(UPDATE_USER, { id: agent.id, input: { role: 'VIEWER' } });
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.updateUser).toEqual({ id: agent.id, role: 'VIEWER', active: true });
    expect(await closed).toEqual(expect.objectContaining({ code: 4403, reason: 'Forbidden: your role or account changed; reconnect' }));
    expect(await server.app.rt.prisma.event.count({ where: { type: 'ACTOR_CHANGED' } })).toBe(before + 1);

    const refused = await server.wire.gqlRaw(CREATE_TICKET, {}, token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The same token still reads, with the viewer's rights.
    expect((await server.wire.gqlRaw('{ me { role } }', {}, token)).data).toEqual({ me: { role: 'VIEWER' } });
  });

  it('deactivates: the token stops working over HTTP and a new socket is refused at connection_init', async () => {
    const client = server.ws({ token });
    const closed = closedOf(client);
    const live = subscribe(client, WALLBOARD);
    await live.waitFor(1);

    expect((await server.gql(UPDATE_USER, { id: agent.id, input: { active: false } })).data!.updateUser.active).toBe(false);
    expect((await closed).code).toBe(4403);
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { role } }' }),
    });
    expect(response.status).toBe(401);

    const again = server.ws({ token });
    const refusedAtInit = closedOf(again);
    subscribe(again, WALLBOARD);
    expect((await refusedAtInit).code).toBe(4401);
  });

  it('is for admins only, not for yourself, and says what is wrong without writing', async () => {
    const person = await createPerson(server, 'Lee Lead', 'LEAD');
    const events = await server.app.rt.prisma.event.count();
    const byManager = await server.wire.gql(UPDATE_USER, { id: person.id, input: { role: 'ADMIN' } }, manager);
    expect(byManager.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const admin = await server.app.rt.prisma.user.findFirstOrThrow({ where: { email: 'admin@opsboard.example' } });
    const self = await server.gql(UPDATE_USER, { id: admin.id, input: { role: 'VIEWER' } });
    expect(self.errors?.[0]?.message).toBe('id: you cannot change your own role or deactivate yourself; ask another admin');
    const nothing = await server.gql(UPDATE_USER, { id: person.id, input: {} });
    expect(nothing.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'input.role', message: 'give a role or active' }]);
    const unknown = await server.gql(UPDATE_USER, { id: '00000000-0000-4000-8000-000000000000', input: { active: false } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const notAnId = await server.gql(UPDATE_USER, { id: 'nope', input: { active: false } });
    expect(notAnId.errors?.[0]?.extensions?.fieldErrors).toEqual([{ field: 'id', message: 'must be a user id' }]);

    expect(await server.app.rt.prisma.user.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({ role: 'LEAD', active: true });
    expect(await server.app.rt.prisma.event.count()).toBe(events);
  });
});
