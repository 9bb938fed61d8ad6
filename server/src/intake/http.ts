// The intake endpoints: POST /webhooks/github, /webhooks/email and /webhooks/intake. Each reads a
// bounded body, checks it, and hands it to the intake service; errors are clear 4xx JSON.
// GitHub and e-mail prove their sender with a secret; only requests that fail to are counted against
// the per-address webhook limit, so a signed delivery from a shared address is never dropped.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verify } from '@octokit/webhooks-methods';
import type { Runtime } from '../platform/runtime.ts';
import { githubIgnoreReason, intakeEmail, intakeGithub, intakeJson, type IntakeOutcome } from './service.ts';
import { BodyTooLargeError, readBody, sendDomainError, sendJson } from '../platform/http.ts';
import { limitRequest } from '../platform/rate-limit.ts';
import type { Route } from '../platform/routes.ts';
import { cleanJson } from '../platform/validation.ts';

const GITHUB_LIMIT = 1024 * 1024;
const EMAIL_LIMIT = 10 * 1024 * 1024;
const JSON_LIMIT = 64 * 1024;

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const mediaType = (req: IncomingMessage) => (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();

function reply(res: ServerResponse, outcome: IntakeOutcome): void {
  const status = outcome.status === 'created' ? 201 : outcome.status === 'ignored' ? 202 : 200;
  sendJson(res, status, outcome);
}

/** Bad input from a service (zod / inputError) → 400 with the fields at fault; too large → 413. */
async function guarded(res: ServerResponse, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
    sendDomainError(res, error);
  }
}

/** Answers a request that did not prove its sender: counted against the webhook limit, 429 when over it. */
async function refuse(rt: Runtime, req: IncomingMessage, res: ServerResponse, status: 401 | 503, error: string): Promise<void> {
  if (await limitRequest(rt, 'webhooks', req, res)) sendJson(res, status, { error });
}

/** Constant-time comparison of two strings of any length (compares their SHA-256 digests). */
function sameSecret(given: string, secret: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(secret));
}

/** The password of an `Authorization: Basic` header (any user name), if there is one. */
function basicPassword(req: IncomingMessage): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header(req, 'authorization') ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/**
 * `X-Opsboard-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body with the secret, compared in
 * constant time. (`@octokit/webhooks-methods` signs strings only; a raw message may hold bytes that
 * are not UTF-8, so the bytes are signed here as they arrived.)
 */
export function emailSignatureMatches(secret: string, body: Buffer, signature: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(Buffer.from(match[1]!, 'hex'), expected);
}

export async function githubWebhook(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await guarded(res, async () => {
    const secret = rt.config.githubWebhookSecret;
    if (!secret) return refuse(rt, req, res, 503, 'GitHub intake is not configured (GITHUB_WEBHOOK_SECRET)');
    const signature = header(req, 'x-hub-signature-256');
    if (!signature) return refuse(rt, req, res, 401, 'missing or invalid X-Hub-Signature-256');
    const body = (await readBody(req, GITHUB_LIMIT)).toString('utf8');
    if (!(await verify(secret, body, signature).catch(() => false))) return refuse(rt, req, res, 401, 'missing or invalid X-Hub-Signature-256');
    const event = header(req, 'x-github-event');
    const delivery = header(req, 'x-github-delivery');
    if (!event || !delivery) return sendJson(res, 400, { error: 'X-GitHub-Event and X-GitHub-Delivery are required' });
    let payload: unknown;
    try {
      // Text PostgreSQL cannot store (NUL) is cleaned, not refused: a delivery is not lost over one character.
      payload = cleanJson(JSON.parse(body));
    } catch {
      return sendJson(res, 400, { error: 'the body is not JSON' });
    }
    if (event === 'ping') return sendJson(res, 200, { status: 'pong' });
    const ignored = githubIgnoreReason(rt, event, payload);
    if (ignored) return sendJson(res, 202, { status: 'ignored', reason: ignored });
    reply(res, await intakeGithub(rt, event, delivery, payload));
  });
}

const EMAIL_UNAUTHORIZED = 'sign the message (X-Opsboard-Signature: sha256=<HMAC-SHA256 of the body>) or use HTTP Basic auth with the webhook secret';

/**
 * With OPSBOARD_EMAIL_WEBHOOK_SECRET a message must carry X-Opsboard-Signature or HTTP Basic auth
 * whose password is the secret; without it the endpoint answers 503, except with demo data, where it
 * stays open (and every request counts against the webhook limit).
 */
export async function emailWebhook(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await guarded(res, async () => {
    const secret = rt.config.emailWebhookSecret;
    if (!secret && !rt.config.demoData) return refuse(rt, req, res, 503, 'e-mail intake is not configured: set OPSBOARD_EMAIL_WEBHOOK_SECRET');
    if (!secret && !(await limitRequest(rt, 'webhooks', req, res))) return;
    const password = basicPassword(req);
    const signature = header(req, 'x-opsboard-signature');
    const byPassword = secret !== undefined && password !== undefined && sameSecret(password, secret);
    // Nothing to check: refused before the body is read.
    if (secret && !byPassword && !signature) return refuse(rt, req, res, 401, EMAIL_UNAUTHORIZED);
    const body = await readBody(req, EMAIL_LIMIT);
    if (secret && !byPassword && !emailSignatureMatches(secret, body, signature ?? '')) return refuse(rt, req, res, 401, EMAIL_UNAUTHORIZED);
    if (mediaType(req) !== 'message/rfc822') return sendJson(res, 415, { error: 'send the raw message with Content-Type: message/rfc822' });
    if (!body.length) return sendJson(res, 400, { error: 'the body is empty' });
    reply(res, await intakeEmail(rt, body));
  });
}

export async function intakeWebhook(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await guarded(res, async () => {
    if (mediaType(req) !== 'application/json') return sendJson(res, 415, { error: 'send JSON with Content-Type: application/json' });
    const body = await readBody(req, JSON_LIMIT);
    let payload: unknown;
    try {
      payload = cleanJson(JSON.parse(body.toString('utf8')));
    } catch {
      return sendJson(res, 400, { error: 'the body is not JSON' });
    }
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return sendJson(res, 400, { error: 'the body must be a JSON object' });
    const key = header(req, 'idempotency-key');
    if (key !== undefined && (key.length < 1 || key.length > 200)) return sendJson(res, 400, { error: 'Idempotency-Key must be 1–200 characters' });
    reply(res, await intakeJson(rt, payload, key));
  });
}

export const intakeRoutes: Route[] = [
  { method: 'POST', path: '/webhooks/github', handle: githubWebhook, ownRateLimit: true },
  { method: 'POST', path: '/webhooks/email', handle: emailWebhook, ownRateLimit: true },
  { method: 'POST', path: '/webhooks/intake', handle: intakeWebhook },
];
