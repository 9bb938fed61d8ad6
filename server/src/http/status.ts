// GET /status (plain HTML, no script, no login) and GET /status.json.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../runtime.ts';
import { type PublicComponent, type PublicIncident, statusPage } from '../services/statuspage.ts';
import { sendJson, sendText } from './respond.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const when = (iso: string) => `<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;

function incidentHtml(i: PublicIncident): string {
  const updates = i.updates.map((u) => `<li>${when(u.postedAt)} — ${escape(u.body)}</li>`).join('');
  return `<article><h3>${escape(i.title)}</h3>
<p><strong>${escape(i.impact)}.</strong> ${escape(i.statusText)} Started ${when(i.startedAt)}${i.resolvedAt ? `, resolved ${when(i.resolvedAt)}` : ''}.</p>
${updates ? `<ul>${updates}</ul>` : '<p>No updates posted yet.</p>'}</article>`;
}

function componentHtml(c: PublicComponent): string {
  const uptime = c.uptime24h === null ? '' : ` <small>${c.uptime24h.toFixed(2)} % uptime (24 h)</small>`;
  return `<li class="component ${c.status}"><span>${escape(c.name)}</span> <strong>${escape(c.statusText)}</strong>${uptime}</li>`;
}

export async function statusHtml(rt: Runtime, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  const page = await statusPage(rt);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Status: ${escape(page.summary)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.6rem}.ok{color:#0a6b2d}.bad{color:#a4000f}article{border-top:1px solid #ddd;padding:.5rem 0}ul{padding-left:1.2rem}
.components{list-style:none;padding:0}.component{display:flex;gap:.75rem;align-items:baseline;border-top:1px solid #ddd;padding:.4rem 0}.component span{flex:1}
.operational strong{color:#0a6b2d}.degraded strong{color:#8a5300}.outage strong{color:#a4000f}.unknown strong{color:#555}</style>
</head><body><main>
<h1 class="${page.current.length || page.components.some((c) => c.status === 'outage') ? 'bad' : 'ok'}">${escape(page.summary)}</h1>
${page.components.length ? `<section><h2>Components</h2><ul class="components">${page.components.map(componentHtml).join('')}</ul></section>` : ''}
<section><h2>Now</h2>${page.current.map(incidentHtml).join('\n') || '<p>Everything is working normally.</p>'}</section>
<section><h2>Past 14 days</h2>${page.history.map(incidentHtml).join('\n') || '<p>No incidents.</p>'}</section>
<p><small>Updated ${when(page.generatedAt)}. Machine-readable: <a href="/status.json">/status.json</a>.</small></p>
</main></body></html>`;
  sendText(res, 200, html, 'text/html; charset=utf-8');
}

export async function statusJson(rt: Runtime, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  sendJson(res, 200, await statusPage(rt), { 'access-control-allow-origin': '*' });
}
