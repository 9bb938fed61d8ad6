// Signing in: passwords hashed at the configured scrypt cost and brought up to it at sign-in, and
// failed sign-ins limited per client address (over all e-mails) and per account (over all
// addresses), with the same answers whether or not an e-mail belongs to anyone.
import { hashPassword } from '@opsboard/server/auth/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, type TestPerson } from '../../support/factories/people.ts';
import { login, startServer, type GqlError, type TestServer } from '../../support/server.ts';

const WRONG = 'Wrong e-mail or password';
const TOO_MANY = /^Too many sign-in attempts; try again in \d+ s$/;

/** The N a stored hash was made with (scrypt$N$r$p$salt$hash). */
async function storedCost(server: TestServer, person: TestPerson): Promise<number> {
  const { passwordHash } = await server.app.rt.prisma.user.findUniqueOrThrow({ where: { id: person.id } });
  return Number(passwordHash?.split('$')[1]);
}

describe('the scrypt cost', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { OPSBOARD_SCRYPT_COST: '2048' } });
  });
  afterAll(async () => server?.stop());

  it('re-hashes a password stored at another cost when its owner signs in, and the new hash works', async () => {
    const person = await createPerson(server, 'Olga Older');
    await server.app.rt.prisma.user.update({ where: { id: person.id }, data: { passwordHash: await hashPassword('old-cost-password', 1024) } });
    expect(await storedCost(server, person)).toBe(1024);

    // A wrong password changes nothing.
    await expect(login(server.wire, person.email, 'not-the-password')).rejects.toThrow(WRONG);
    expect(await storedCost(server, person)).toBe(1024);

    expect(await login(server.wire, person.email, 'old-cost-password')).toEqual(expect.any(String));
    expect(await storedCost(server, person)).toBe(2048);
    const upgraded = (await server.app.rt.prisma.user.findUniqueOrThrow({ where: { id: person.id } })).passwordHash;
    expect(await login(server.wire, person.email, 'old-cost-password')).toEqual(expect.any(String));
    expect((await server.app.rt.prisma.user.findUniqueOrThrow({ where: { id: person.id } })).passwordHash).toBe(upgraded);
    await expect(login(server.wire, person.email, 'not-the-password')).rejects.toThrow(WRONG);
  });

  it('refuses a cost that is not a power of two between 1024 and 1048576', async () => {
    const { loadConfig } = await import('@opsboard/server/platform/config.ts');
    expect(loadConfig({}).scryptCost).toBe(131_072);
    for (const bad of ['1000', '512', '2097152']) expect(() => loadConfig({ OPSBOARD_SCRYPT_COST: bad })).toThrow(/OPSBOARD_SCRYPT_COST/);
  });
});

describe('failed sign-in limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      env: {
        OPSBOARD_TRUST_PROXY: '1',
        OPSBOARD_RATE_LIMIT_LOGIN: '10/60',
        OPSBOARD_RATE_LIMIT_LOGIN_ADDRESS: '5/900',
        OPSBOARD_RATE_LIMIT_LOGIN_ACCOUNT: '4/900',
      },
    });
  });
  afterAll(async () => server?.stop());

  /** A sign-in from `address` (the proxy's X-Forwarded-For): the HTTP status and the first error message, if any. */
  async function attempt(address: string, email: string, password: string) {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'x-forwarded-for': address },
      body: JSON.stringify({
        query: 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
        variables: { email, password },
      }),
    });
    const body = (await response.json()) as { data?: { login: { token: string } | null } | null; errors?: GqlError[] };
    return { status: response.status, message: body.errors?.[0]?.message ?? null, token: body.data?.login?.token ?? null };
  }

  async function withPassword(name: string): Promise<TestPerson & { password: string }> {
    const person = await createPerson(server, name);
    const password = `${person.email}-secret`;
    await server.app.rt.prisma.user.update({ where: { id: person.id }, data: { passwordHash: await hashPassword(password, server.app.rt.config.scryptCost) } });
    return { ...person, password };
  }

  it('stops an address that fails over many e-mails, existing or not, and only that address', async () => {
    const victim = await withPassword('Vera Victim');
    const emails = [victim.email, 'ghost-1@opsboard.example', 'ghost-2@opsboard.example', 'ghost-3@opsboard.example', 'ghost-4@opsboard.example'];
    for (const email of emails) expect(await attempt('198.51.100.10', email, 'guess')).toMatchObject({ status: 200, message: WRONG });

    const refused = await attempt('198.51.100.10', 'ghost-5@opsboard.example', 'guess');
    expect(refused.status).toBe(429);
    expect(refused.message).toMatch(TOO_MANY);
    // Even the right password is refused from there, and the answer is the same as for an unknown e-mail.
    const right = await attempt('198.51.100.10', victim.email, victim.password);
    expect(right).toMatchObject({ status: 429, token: null });
    expect(right.message).toMatch(TOO_MANY);
    // Another address signs the same person in.
    expect((await attempt('198.51.100.11', victim.email, victim.password)).token).toEqual(expect.any(String));
  });

  it('stops guesses at one account from many addresses, for that account alone, whether or not it exists', async () => {
    const target = await withPassword('Tom Target');
    const bystander = await withPassword('Bea Bystander');
    for (let i = 1; i <= 4; i += 1) {
      expect(await attempt(`203.0.113.${i}`, target.email, `guess-${i}`)).toMatchObject({ status: 200, message: WRONG });
      expect(await attempt(`203.0.113.${i}`, 'nobody-here@opsboard.example', `guess-${i}`)).toMatchObject({ status: 200, message: WRONG });
    }

    // A fresh address with the right password: the account is closed to sign-ins for the window.
    const locked = await attempt('203.0.113.50', target.email, target.password);
    expect(locked).toMatchObject({ status: 429, token: null });
    expect(locked.message).toMatch(TOO_MANY);
    // An e-mail nobody has gets the very same answer: no way to tell which accounts exist.
    const unknown = await attempt('203.0.113.51', 'nobody-here@opsboard.example', 'guess');
    expect(unknown.status).toBe(429);
    expect(unknown.message).toMatch(TOO_MANY);
    // The e-mail counts however it is written.
    expect((await attempt('203.0.113.52', target.email.toUpperCase(), target.password)).status).toBe(429);

    // Another account, from the same fresh address and from the ones that guessed, still works.
    expect((await attempt('203.0.113.50', bystander.email, bystander.password)).token).toEqual(expect.any(String));
    expect((await attempt('203.0.113.1', bystander.email, bystander.password)).token).toEqual(expect.any(String));
  });

  it('does not count successful sign-ins against the address or the account', async () => {
    const regular = await withPassword('Rita Regular');
    // More successes than either failure limit allows (5 per address, 4 per account).
    for (let i = 0; i < 6; i += 1) expect((await attempt('192.0.2.7', regular.email, regular.password)).token).toEqual(expect.any(String));
    // So a few typos after them are still just typos.
    for (let i = 0; i < 3; i += 1) expect(await attempt('192.0.2.7', regular.email, 'typo')).toMatchObject({ status: 200, message: WRONG });
    expect((await attempt('192.0.2.7', regular.email, regular.password)).token).toEqual(expect.any(String));
  });
});
