// The public status page in Chromium: a status page update shows, an internal one never does.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '@opsboard/server/platform/clock.ts';
import { accessibilityViolations, launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { graphql } from '../support/graphql.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ clock: systemClock });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('/status', () => {
  it('shows the public update and not the internal one, with no login, and is accessible', async () => {
    const declared = await server.gql(
      graphql(`
        mutation {
          declareIncident(input: { title: "Sign-in failures", severity: P0 }) {
            id
          }
        }
      `),
    );
    const id = declared.data!.declareIncident.id;
    for (const [kind, body] of [
      ['STATUS_PAGE_UPDATE', 'Some customers cannot sign in. We are working on a fix.'],
      ['INTERNAL_UPDATE', 'Suspect the auth-db failover; Lena is on the primary.'],
      ['NOTE', 'Customer ACME escalated by phone.'],
    ] as const) {
      const r = await server.gql(
        graphql(`
          mutation ($id: ID!, $kind: TimelineEntryInputKind!, $body: String!) {
            addIncidentTimelineEntry(input: { incidentId: $id, kind: $kind, body: $body }) {
              id
            }
          }
        `),
        { id, kind, body },
      );
      expect(r.errors).toBeUndefined();
    }
    const page = await browser.newPage();
    const response = await page.goto(`${server.url}/status`);
    expect(response?.status()).toBe(200);
    const text = await page.locator('main').textContent();
    expect(text).toContain('Some customers cannot sign in. We are working on a fix.');
    expect(text).toContain('Service disruption');
    expect(text).not.toContain('Sign-in failures');
    expect(text).not.toContain('auth-db');
    expect(text).not.toContain('ACME');
    expect(await page.locator('script').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
