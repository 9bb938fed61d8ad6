// GET /status (plain HTML, no script, no login), GET /status.json and GET /status/feed.atom (an
// Atom feed of the public updates, for feed readers and chat integrations that follow a status page).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Feed } from 'feed';
import type { Runtime } from '../platform/runtime.ts';
import { type PublicComponent, type PublicIncident, type StatusPage, statusPage } from './service.ts';
import { escapeHtml, sendText } from '../platform/http.ts';
import type { Route } from '../platform/routes.ts';

const when = (iso: string) => `<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;

function incidentHtml(i: PublicIncident): string {
  const updates = i.updates.map((u) => `<li>${when(u.postedAt)} — ${escapeHtml(u.body)}</li>`).join('');
  return `<article id="incident-${i.number}"><h3>${escapeHtml(i.title)}</h3>
<p><strong>${escapeHtml(i.impact)}.</strong> ${escapeHtml(i.statusText)} Started ${when(i.startedAt)}${i.resolvedAt ? `, resolved ${when(i.resolvedAt)}` : ''}.</p>
${updates ? `<ul>${updates}</ul>` : '<p>No updates posted yet.</p>'}</article>`;
}

function componentHtml(c: PublicComponent): string {
  const uptime = c.uptime24h === null ? '' : ` <small>${c.uptime24h.toFixed(2)} % uptime (24 h)</small>`;
  return `<li class="component ${c.status}"><span>${escapeHtml(c.name)}</span> <strong>${escapeHtml(c.statusText)}</strong>${uptime}</li>`;
}

/**
 * The page is public and is what everyone opens during an outage, so it is rendered at most once per
 * second of the clock and per change: cached until an `incidents` event arrives, the clock moves to
 * another second, or 2 s pass. Each request first reads new events (one coalesced read for all
 * concurrent requests), so a change is never missed.
 */
interface Rendered {
  version: number;
  second: number;
  at: number;
  json: string;
  html: string;
  atom: string;
}
const MAX_AGE_MS = 2_000;
const caches = new WeakMap<Runtime, { version: number; rendered?: Promise<Rendered> }>();

async function rendered(rt: Runtime): Promise<Rendered> {
  let cache = caches.get(rt);
  if (!cache) {
    const entry = { version: 0 } as { version: number; rendered?: Promise<Rendered> };
    rt.hub.listen((batch) => {
      if (batch.some((e) => e.topic === 'incidents' || e.topic === 'health')) entry.version += 1;
    });
    caches.set(rt, (cache = entry));
  }
  await rt.hub.poll();
  const second = Math.floor(rt.clock.now().getTime() / 1000);
  const current = cache.rendered && (await cache.rendered.catch(() => undefined));
  if (current && current.version === cache.version && current.second === second && Date.now() - current.at < MAX_AGE_MS) return current;
  const version = cache.version;
  const next = statusPage(rt).then((page) => ({
    version,
    second,
    at: Date.now(),
    json: JSON.stringify(page),
    html: renderHtml(page),
    atom: renderAtom(page, rt.config.publicUrl),
  }));
  cache.rendered = next;
  return next;
}

export async function statusHtml(rt: Runtime, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  sendText(res, 200, (await rendered(rt)).html, 'text/html; charset=utf-8');
}

function renderHtml(page: StatusPage): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Status: ${escapeHtml(page.summary)}</title>
<link rel="alternate" type="application/atom+xml" title="Status updates" href="/status/feed.atom">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.6rem}.ok{color:#0a6b2d}.bad{color:#a4000f}article{border-top:1px solid #ddd;padding:.5rem 0}ul{padding-left:1.2rem}
.components{list-style:none;padding:0}.component{display:flex;gap:.75rem;align-items:baseline;border-top:1px solid #ddd;padding:.4rem 0}.component span{flex:1}
.operational strong{color:#0a6b2d}.degraded strong{color:#8a5300}.outage strong{color:#a4000f}.unknown strong{color:#555}</style>
</head><body><main>
<h1 class="${page.current.length || page.components.some((c) => c.status === 'outage') ? 'bad' : 'ok'}">${escapeHtml(page.summary)}</h1>
${page.components.length ? `<section><h2>Components</h2><ul class="components">${page.components.map(componentHtml).join('')}</ul></section>` : ''}
<section><h2>Now</h2>${page.current.map(incidentHtml).join('\n') || '<p>Everything is working normally.</p>'}</section>
<section><h2>Past 14 days</h2>${page.history.map(incidentHtml).join('\n') || '<p>No incidents.</p>'}</section>
<p><small>Updated ${when(page.generatedAt)}. Machine-readable: <a href="/status.json">/status.json</a>; follow updates: <a href="/status/feed.atom">Atom feed</a>.</small></p>
</main></body></html>`;
}

export async function statusJson(rt: Runtime, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { json } = await rendered(rt);
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
    'cache-control': 'no-store',
    'access-control-allow-origin': '*',
  });
  res.end(json);
}

/**
 * One entry per public update of the incidents on the page (current and the last 14 days), plus one
 * when an incident is declared before its first update and one when it is resolved. Entry ids are
 * stable across renders (incident number, kind and time), so readers show each update once.
 */
function renderAtom(page: StatusPage, publicUrl: string): string {
  const incidents = [...page.current, ...page.history];
  type Entry = { id: string; title: string; content: string; date: Date; link: string };
  const entries: Entry[] = incidents.flatMap((i) => {
    const link = `${publicUrl}/status#incident-${i.number}`;
    const entry = (kind: string, at: string, content: string): Entry => ({
      id: `${publicUrl}/status#incident-${i.number}/${kind}/${Date.parse(at)}`,
      title: `${i.title} (${i.impact.toLowerCase()})`,
      content,
      date: new Date(at),
      link,
    });
    const updates = [...i.updates].reverse().map((u, n) => entry(`update-${n + 1}`, u.postedAt, u.body));
    return [
      ...(updates.length ? updates : [entry('declared', i.startedAt, STATUS_TEXT_DECLARED)]),
      ...(i.resolvedAt ? [entry('resolved', i.resolvedAt, 'Resolved.')] : []),
    ];
  });
  entries.sort((a, b) => b.date.getTime() - a.date.getTime() || a.id.localeCompare(b.id));
  const feed = new Feed({
    id: `${publicUrl}/status`,
    title: 'Service status',
    description: page.summary,
    link: `${publicUrl}/status`,
    feedLinks: { atom: `${publicUrl}/status/feed.atom` },
    updated: entries[0]?.date ?? new Date(page.generatedAt),
    generator: false,
  });
  // The library writes titles and content as HTML: the plain text is escaped, so a post can never carry markup.
  for (const e of entries) feed.addItem({ id: e.id, title: forXml(e.title), link: e.link, date: e.date, published: e.date, content: forXml(e.content) });
  return feed.atom1();
}
const STATUS_TEXT_DECLARED = 'We are looking into it.';

/** Characters XML 1.0 cannot hold: C0 controls other than tab and line breaks, U+FFFE/FFFF, lone surrogates. */
// eslint-disable-next-line no-control-regex -- matching exactly the control characters XML forbids is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Plain text as escaped HTML, without what XML cannot hold. */
const forXml = (text: string) => escapeHtml(text.replace(NOT_XML, ''));

export async function statusAtom(rt: Runtime, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { atom } = await rendered(rt);
  res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8', 'content-length': Buffer.byteLength(atom), 'cache-control': 'no-cache' });
  res.end(atom);
}

export const statusPageRoutes: Route[] = [
  { method: 'GET', path: '/status', handle: statusHtml },
  { method: 'GET', path: '/status.json', handle: statusJson },
  { method: 'GET', path: '/status/feed.atom', handle: statusAtom },
];
