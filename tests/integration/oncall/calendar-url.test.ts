// OnCall.calendarUrl: a participant gets the feed of their own shifts, anyone else signed in the
// rotation's feed, a display token none; each link answers with its iCal feed.
import { hashPassword } from '@opsboard/server/auth/service.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRotation } from '../../support/factories/oncall.ts';
import { createDisplayToken, createPeople } from '../../support/factories/people.ts';
import { login, startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const URL_QUERY = graphql(`
  {
    onCall {
      calendarUrl
    }
  }
`);

describe('OnCall.calendarUrl', () => {
  it('gives a participant their own feed, others the rotation feed, a display token none', async () => {
    const [ana, ben] = await createPeople(server, ['Ana Costa', 'Ben Ortiz']);
    await createRotation(server, [ana!, ben!], { name: 'Primary', timeZone: 'UTC', startsAt: '2026-03-02T09:00:00Z' });
    await server.app.rt.prisma.user.update({
      where: { id: ana!.id },
      data: { passwordHash: await hashPassword('ana-password-123', server.app.rt.config.scryptCost) },
    });
    const anaToken = await login(server, ana!.email, 'ana-password-123');

    const mine = (await server.gql(URL_QUERY, {}, anaToken)).data!.onCall!.calendarUrl!;
    const whole = (await server.gql(URL_QUERY)).data!.onCall!.calendarUrl!;
    expect(mine).toMatch(new RegExp(`^${server.app.rt.config.publicUrl}/oncall/[A-Za-z0-9_-]+\\.ics$`));
    expect(whole).toMatch(/\/oncall\/[A-Za-z0-9_-]+\.ics$/);
    expect(mine).not.toBe(whole);

    const feed = async (url: string) => (await fetch(`${server.url}${new URL(url).pathname}`)).text();
    const [mineText, wholeText] = await Promise.all([feed(mine), feed(whole)]);
    expect(mineText).toContain('BEGIN:VCALENDAR');
    expect(mineText).toContain('Ana Costa');
    expect(mineText).not.toContain('Ben Ortiz');
    expect(wholeText).toContain('Ben Ortiz');

    // A display token reads the wallboard only: not the rotation, let alone its calendar links.
    const onTv = await server.gql(URL_QUERY, {}, await createDisplayToken(server, 'TV'));
    expect(onTv.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(onTv.data?.onCall ?? null).toBeNull();
  });
});
