// Managers see every token (never its hash) and revoke any by id: the token then gets 401 over HTTP
// and its open WebSockets are closed; others see and revoke only their own sign-ins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayToken, createPerson, signIn } from '../../support/factories/people.ts';
import { graphql } from '../../support/graphql.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { subscribe } from '../../support/stream.ts';

const AUTH_TOKENS = graphql(`
  query AuthTokens {
    authTokens {
      id
      kind
      name
      user {
        name
      }
      createdAt
      lastUsedAt
      expiresAt
      revokedAt
      current
    }
  }
`);

const REVOKE = graphql(`
  mutation RevokeToken($id: ID!) {
    revokeToken(id: $id)
  }
`);

const WALLBOARD = graphql(`
  subscription TokensWallboard {
    wallboard {
      wallboard {
        openTotal
      }
    }
  }
`);

let server: TestServer;
let manager: string;
let agent: string;
beforeAll(async () => {
  server = await startServer();
  manager = await signIn(server, await createPerson(server, 'Maya Manager', 'MANAGER'));
  agent = await signIn(server, await createPerson(server, 'Arun Agent', 'AGENT'));
});
afterAll(async () => server?.stop());

describe('authTokens and revokeToken', () => {
  it('let a manager find a display token and revoke it: 401 over HTTP, its socket closed', async () => {
    const display = await createDisplayToken(server, 'Kitchen TV');
    const client = server.ws({ token: display });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      client.on('closed', (event) => resolve(event as { code: number; reason: string })),
    );
    const live = subscribe(client, WALLBOARD);
    await live.waitFor(1);

    const listed = await server.wire.gql(AUTH_TOKENS, {}, manager);
    expect(listed.errors).toBeUndefined();
    const tokens = listed.data!.authTokens;
    expect(tokens.map((t) => t.user?.name ?? t.name)).toEqual(expect.arrayContaining(['Kitchen TV', 'Maya Manager', 'Arun Agent', 'Admin']));
    expect(tokens.find((t) => t.user?.name === 'Maya Manager')).toMatchObject({ kind: 'SESSION', current: true, revokedAt: null });
    const tv = tokens.find((t) => t.name === 'Kitchen TV')!;
    expect(tv).toMatchObject({ kind: 'DISPLAY', user: null, expiresAt: null, revokedAt: null, current: false });
    expect(tv.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.data)).not.toMatch(/tokenHash|dsp_|ops_/);

    expect((await server.wire.gql(REVOKE, { id: tv.id }, manager)).data).toEqual({ revokeToken: true });
    expect(await closed).toEqual(expect.objectContaining({ code: 4403, reason: 'Forbidden: token revoked' }));
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${display}` },
      body: JSON.stringify({ query: '{ wallboard { openTotal } }' }),
    });
    expect(response.status).toBe(401);
    const after = (await server.wire.gql(AUTH_TOKENS, {}, manager)).data!.authTokens.find((t) => t.id === tv.id);
    expect(after?.revokedAt).not.toBeNull();
  });

  it("refuse an agent someone else's token, and show them only their own sign-ins", async () => {
    const display = await createDisplayToken(server, 'Hall TV');
    const tvId = (await server.app.rt.prisma.authToken.findFirstOrThrow({ where: { name: 'Hall TV' } })).id;
    const refused = await server.wire.gql(REVOKE, { id: tvId }, agent);
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await server.wire.gqlRaw('{ wallboard { openTotal } }', {}, display)).errors).toBeUndefined();

    const own = (await server.wire.gql(AUTH_TOKENS, {}, agent)).data!.authTokens;
    expect(own.map((t) => t.user?.name)).toEqual(['Arun Agent']);
    expect((await server.wire.gql(AUTH_TOKENS, {}, display)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Their own sign-in they may end (from another device, say).
    expect((await server.wire.gql(REVOKE, { id: own[0]!.id }, agent)).data).toEqual({ revokeToken: true });
    expect((await server.wire.gql(AUTH_TOKENS, {}, agent)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
