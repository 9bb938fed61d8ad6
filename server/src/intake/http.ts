// The intake endpoints: POST /webhooks/github, /webhooks/email and /webhooks/intake. Each reads a
// bounded body, checks it, and hands it to the intake service; errors are clear 4xx JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verify } from '@octokit/webhooks-methods';
import type { Runtime } from '../platform/runtime.ts';
import { githubIgnoreReason, intakeEmail, intakeGithub, intakeJson, type IntakeOutcome } from './service.ts';
import { BodyTooLargeError, readBody, sendDomainError, sendJson } from '../platform/http.ts';
import type { Route } from '../platform/routes.ts';

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

export async function githubWebhook(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await guarded(res, async () => {
    const secret = rt.config.githubWebhookSecret;
    if (!secret) return sendJson(res, 503, { error: 'GitHub intake is not configured (GITHUB_WEBHOOK_SECRET)' });
    const body = (await readBody(req, GITHUB_LIMIT)).toString('utf8');
    const signature = header(req, 'x-hub-signature-256');
    if (!signature || !(await verify(secret, body, signature).catch(() => false))) {
      return sendJson(res, 401, { error: 'missing or invalid X-Hub-Signature-256' });
    }
    const event = header(req, 'x-github-event');
    const delivery = header(req, 'x-github-delivery');
    if (!event || !delivery) return sendJson(res, 400, { error: 'X-GitHub-Event and X-GitHub-Delivery are required' });
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return sendJson(res, 400, { error: 'the body is not JSON' });
    }
    if (event === 'ping') return sendJson(res, 200, { status: 'pong' });
    const ignored = githubIgnoreReason(rt, event, payload);
    if (ignored) return sendJson(res, 202, { status: 'ignored', reason: ignored });
    reply(res, await intakeGithub(rt, event, delivery, payload));
  });
}

export async function emailWebhook(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  await guarded(res, async () => {
    if (mediaType(req) !== 'message/rfc822') return sendJson(res, 415, { error: 'send the raw message with Content-Type: message/rfc822' });
    const body = await readBody(req, EMAIL_LIMIT);
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
      payload = JSON.parse(body.toString('utf8'));
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
  { method: 'POST', path: '/webhooks/github', handle: githubWebhook },
  { method: 'POST', path: '/webhooks/email', handle: emailWebhook },
  { method: 'POST', path: '/webhooks/intake', handle: intakeWebhook },
];
