// A safe first start: outside demo mode the admin's password must be given; the admin account is
// created once, on a database without it, and never reset by a later start.
import { hashPassword } from '@opsboard/server/auth/service.ts';
import { ConfigError, loadConfig } from '@opsboard/server/platform/config.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, login, startServer, type TestServer } from '../../support/server.ts';

describe('the admin password', () => {
  it('is required outside demo mode: the server refuses to start and says which variable to set', () => {
    expect(() => loadConfig({ OPSBOARD_DEMO_DATA: 'false' })).toThrow(ConfigError);
    expect(() => loadConfig({ OPSBOARD_DEMO_DATA: 'false', OPSBOARD_ADMIN_PASSWORD: '' })).toThrow(
      /OPSBOARD_ADMIN_PASSWORD: required when OPSBOARD_DEMO_DATA is off/,
    );
    expect(loadConfig({ OPSBOARD_DEMO_DATA: 'false', OPSBOARD_ADMIN_PASSWORD: 'a-long-password' }).adminPassword).toBe('a-long-password');
  });

  it('defaults to the quick start one in demo mode', () => {
    expect(loadConfig({}).adminPassword).toBe('opsboard-demo');
    expect(loadConfig({ OPSBOARD_DEMO_DATA: 'true' }).adminPassword).toBe('opsboard-demo');
  });
});

describe('the admin account', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server?.stop());

  it('keeps a changed password, name and active state across restarts', async () => {
    const { prisma } = server.app.rt;
    const admin = await prisma.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
    expect(admin).toMatchObject({ role: 'ADMIN', active: true });
    await prisma.user.update({
      where: { id: admin.id },
      data: { passwordHash: await hashPassword('a-new-admin-password', server.app.rt.config.scryptCost), name: 'Root' },
    });

    await server.restart();
    expect(await login(server.wire, ADMIN.email, 'a-new-admin-password')).toEqual(expect.any(String));
    await expect(login(server.wire, ADMIN.email, ADMIN.password)).rejects.toThrow(/Wrong e-mail or password/);
    expect(await server.app.rt.prisma.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).toMatchObject({ name: 'Root', role: 'ADMIN' });

    // An admin who was switched off (or moved to another role) stays so: a start does not revive the account.
    await server.app.rt.prisma.user.update({ where: { id: admin.id }, data: { active: false, role: 'MANAGER' } });
    await server.restart();
    expect(await server.app.rt.prisma.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).toMatchObject({ active: false, role: 'MANAGER' });
    expect(await server.app.rt.prisma.user.count({ where: { email: ADMIN.email } })).toBe(1);
  });
});
