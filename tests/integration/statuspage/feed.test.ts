// The status page's Atom feed (/status/feed.atom): public updates only, parsed back with a feed parser,
// stable entry ids, escaped text, and the JSON summary beside it unchanged.
import { ManualClock } from '@opsboard/server/platform/clock.ts';
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../support/server.ts';
import { graphql } from '../../support/graphql.ts';

const T0 = Date.parse('2026-05-11T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const clock = new ManualClock(at(0));
let server: TestServer;

const DECLARE = graphql(`
  mutation ($input: DeclareIncidentInput!) {
    declareIncident(input: $input) {
      id
      number
    }
  }
`);
const ENTRY = graphql(`
  mutation ($input: AddIncidentTimelineEntryInput!) {
    addIncidentTimelineEntry(input: $input) {
      id
    }
  }
`);
const STATUS = graphql(`
  mutation ($input: SetIncidentStatusInput!) {
    setIncidentStatus(input: $input) {
      status
    }
  }
`);

beforeAll(async () => {
  server = await startServer({ clock, env: { OPSBOARD_PUBLIC_URL: 'https://ops.example.com' } });
});
afterAll(async () => server?.stop());

const feed = async () => {
  const response = await fetch(`${server.url}/status/feed.atom`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  const xml = await response.text();
  return { xml, parsed: parseFeed(xml) };
};

describe('GET /status/feed.atom', () => {
  it('is a valid, empty feed when nothing happened, linked from the page', async () => {
    const { parsed } = await feed();
    expect(parsed.meta.type).toBe('atom');
    expect(parsed.url).toBe('https://ops.example.com/status');
    expect(parsed.self).toBe('https://ops.example.com/status/feed.atom');
    expect(parsed.title).toBe('Service status');
    expect(parsed.items).toEqual([]);
    const html = await (await fetch(`${server.url}/status`)).text();
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Status updates" href="/status/feed.atom">');
  });

  it('carries each public update once, newest first, with stable ids and no internal words', async () => {
    const declared = await server.gql(DECLARE, {
      input: { title: 'Primary DB <failover> loop', severity: 'P0', publicTitle: 'Sign-in <errors> & slow pages' },
    });
    expect(declared.errors).toBeUndefined();
    const { id, number } = declared.data!.declareIncident;

    const first = await feed();
    expect(first.parsed.items.map((i) => [i.title, i.content, i.published?.toISOString()])).toEqual([
      ['Sign-in <errors> & slow pages (major outage)', 'We are looking into it.', at(0).toISOString()],
    ]);

    clock.set(at(10));
    expect((await server.gql(ENTRY, { input: { incidentId: id, kind: 'NOTE', body: 'Failover script is looping on db-2' } })).errors).toBeUndefined();
    expect(
      (await server.gql(ENTRY, { input: { incidentId: id, kind: 'STATUS_PAGE_UPDATE', body: 'Some people cannot sign in. <b>We are on it</b>.' } })).errors,
    ).toBeUndefined();
    clock.set(at(40));
    expect(
      (await server.gql(ENTRY, { input: { incidentId: id, kind: 'STATUS_PAGE_UPDATE', body: 'Sign-in works again for most people.' } })).errors,
    ).toBeUndefined();

    const second = await feed();
    expect(second.parsed.items.map((i) => [i.content, i.published?.toISOString(), i.url])).toEqual([
      ['Sign-in works again for most people.', at(40).toISOString(), `https://ops.example.com/status#incident-${number}`],
      ['Some people cannot sign in. <b>We are on it</b>.', at(10).toISOString(), `https://ops.example.com/status#incident-${number}`],
    ]);
    // The update's markup is text, escaped: a feed reader shows it, never renders it.
    expect(second.xml).toContain('&#60;b&#62;We are on it&#60;/b&#62;');
    expect(second.xml).not.toContain('<b>');
    for (const internal of ['failover', 'Failover', 'db-2', 'Admin']) expect(second.xml).not.toContain(internal);

    const ids = second.parsed.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(2);
    expect((await feed()).parsed.items.map((i) => i.id)).toEqual(ids);

    clock.set(at(60));
    expect(
      (await server.gql(STATUS, { input: { incidentId: id, status: 'MONITORING', resolution: 'ROLLBACK', note: 'Rolled back the failover script' } })).errors,
    ).toBeUndefined();
    clock.set(at(200));
    expect((await server.gql(STATUS, { input: { incidentId: id, status: 'RESOLVED', notifyRequesters: false } })).errors).toBeUndefined();
    const resolved = await feed();
    expect(resolved.parsed.items.map((i) => i.content)).toEqual([
      'Resolved.',
      'Sign-in works again for most people.',
      'Some people cannot sign in. <b>We are on it</b>.',
    ]);
    expect(resolved.parsed.items.slice(1).map((i) => i.id)).toEqual(ids);
    expect(resolved.parsed.updated?.toISOString()).toBe(at(200).toISOString());

    // The JSON summary keeps its shape.
    const json = await (await fetch(`${server.url}/status.json`)).json();
    expect(Object.keys(json).sort()).toEqual(['components', 'current', 'generatedAt', 'history', 'summary']);
    expect(json.history[0]).toMatchObject({
      number,
      title: 'Sign-in <errors> & slow pages',
      status: 'RESOLVED',
      latestUpdate: { body: 'Sign-in works again for most people.' },
    });
  });
});
