// GET /ack/<token>: what a page's acknowledgement link is for, with one button (no script, no
// login; GET changes nothing, so mail scanners that open links acknowledge nothing);
// POST /ack/<token>: acknowledges the page, once. Public on purpose: the link is the credential
// (256 random bits, single use, only its hash stored); the app applies the `csat` rate limit to /ack.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../platform/runtime.ts';
import { domainErrorOf } from '../platform/errors.ts';
import { escapeHtml, sendText } from '../platform/http.ts';
import type { Route } from '../platform/routes.ts';
import { incidentUrl, ticketUrl } from '../notifications/service.ts';
import { formatTicketNumber } from '../tickets/model.ts';
import { acknowledgeByLink, type LinkView, STEP_WORDS, viewPageLink } from './service.ts';

function html(res: ServerResponse, status: number, title: string, body: string): void {
  sendText(
    res,
    status,
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title>
<style>body{font:17px/1.5 system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1rem;color:#111;background:#fff;overflow-wrap:anywhere}
h1{font-size:1.4rem;margin:.5rem 0 1rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:1rem 0}dt{color:#555}dd{margin:0}
button,.open{display:block;box-sizing:border-box;width:100%;min-height:3.25rem;font:inherit;font-weight:600;border-radius:.5rem;text-align:center;padding:.75rem 1rem}
button{background:#b00020;color:#fff;border:0}.open{margin-top:1rem;border:2px solid #1f4fa3;color:#1f4fa3;text-decoration:none}
.error{color:#a4000f}.ok{color:#0a6b2d}@media (prefers-color-scheme: dark){body{background:#111;color:#eee}dt{color:#aaa}.open{color:#9bbcff;border-color:#9bbcff}}</style>
</head><body><main data-testid="page-ack"><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    'text/html; charset=utf-8',
  );
}

function describe(rt: Runtime, view: LinkView): { facts: string; open: string } {
  const { page } = view;
  const waited = Math.max(0, Math.round((rt.clock.now().getTime() - page.createdAt.getTime()) / 60_000));
  const what = page.incident
    ? `${page.incident.severity} incident #${page.incident.number}: ${page.incident.title}`
    : `${page.ticket ? formatTicketNumber(rt.config.ticketPrefix, page.ticket.number) : ''} ${page.ticket?.title ?? ''}`;
  const link = page.incident
    ? incidentUrl(rt.config.publicUrl, page.incident.id)
    : ticketUrl(rt.config.publicUrl, page.ticket ? formatTicketNumber(rt.config.ticketPrefix, page.ticket.number) : '');
  const facts = `<dl><dt>Page</dt><dd>${escapeHtml(page.reason)}</dd><dt>About</dt><dd>${escapeHtml(what)}</dd>
<dt>For</dt><dd>${escapeHtml(view.person.name)}</dd><dt>Now asking</dt><dd>${escapeHtml(STEP_WORDS[page.step])}</dd>
<dt>Waiting</dt><dd>${waited} min (since ${page.createdAt.toISOString().slice(11, 16)} UTC)</dd></dl>`;
  return { facts, open: `<a class="open" href="${escapeHtml(link)}">Open ${page.incident ? 'the war room' : 'the ticket'}</a>` };
}

function errorPage(res: ServerResponse, error: unknown): void {
  const domain = domainErrorOf(error);
  if (domain?.code === 'NOT_FOUND')
    return html(res, 404, 'Link not valid', '<p class="error">This acknowledgement link is not valid. Open opsboard and acknowledge the page there.</p>');
  if (domain?.code === 'BAD_USER_INPUT')
    return html(res, 409, 'Not acknowledged', `<p class="error">${escapeHtml(domain.fieldErrors[0]?.message ?? domain.message)}.</p>`);
  throw error;
}

async function showLink(rt: Runtime, _req: IncomingMessage, res: ServerResponse, [token = '']: string[]): Promise<void> {
  try {
    const view = await viewPageLink(rt, token);
    const { facts, open } = describe(rt, view);
    if (view.used || view.page.state !== 'TRIGGERED') {
      const state =
        view.page.state === 'ACKNOWLEDGED'
          ? `Acknowledged by ${escapeHtml(view.page.acknowledgedBy?.name ?? 'someone')} at ${view.page.acknowledgedAt?.toISOString().slice(11, 16)} UTC.`
          : view.page.state === 'RESOLVED'
            ? 'This page is resolved.'
            : 'This link was already used.';
      return html(res, 200, 'Page', `<p class="ok">${state}</p>${facts}${open}`);
    }
    html(
      res,
      200,
      'You are paged',
      `${facts}<form method="post" action="/ack/${escapeHtml(token)}"><button type="submit">Acknowledge: I am on it</button></form>${open}`,
    );
  } catch (error) {
    errorPage(res, error);
  }
}

async function acknowledge(rt: Runtime, _req: IncomingMessage, res: ServerResponse, [token = '']: string[]): Promise<void> {
  try {
    const view = await acknowledgeByLink(rt, token);
    const { facts, open } = describe(rt, view);
    html(
      res,
      200,
      'Acknowledged',
      `<p class="ok">Thank you, ${escapeHtml(view.person.name)}: the page stops here and nobody else is woken.</p>${facts}${open}`,
    );
  } catch (error) {
    errorPage(res, error);
  }
}

export const pagingRoutes: Route[] = [
  { method: 'GET', path: /^\/ack\/([^/]{1,100})$/, handle: showLink },
  { method: 'POST', path: /^\/ack\/([^/]{1,100})$/, handle: acknowledge },
];
