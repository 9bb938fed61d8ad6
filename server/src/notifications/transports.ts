// How notifications leave: e-mail over SMTP (nodemailer), Slack-compatible chat webhooks, signed
// outgoing webhooks (Standard Webhooks: webhook-id / webhook-timestamp / webhook-signature) and
// comments on GitHub issues (the REST API's create-comment call).
import type { Notification } from '@opsboard/db';
import nodemailer from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import type { Deps } from '../platform/db.ts';
import { type Outbound, TargetRefusedError } from '../platform/outbound.ts';
import type { Transports } from './service.ts';
import { formatTicketNumber } from '../tickets/model.ts';
import { escapeHtml } from '../platform/http.ts';
import { GITHUB_COMMENT_MARK } from './reply-route.ts';

export interface SentMail {
  messageId: string;
  to: string;
  subject: string;
  inReplyTo?: string;
  references?: string[];
  text: string;
}

export interface OutboundTransports extends Transports {
  /** Without SMTP_URL, mail is recorded here instead of sent (development and tests). */
  recordedMail: SentMail[];
  close(): void;
}

/** The Message-ID of the mail a notification becomes; e-mail intake threads replies by it. */
export function notificationMessageId(deps: Deps, notificationId: string): string {
  return `<${notificationId}@${deps.config.mailDomain}>`;
}

export function createTransports(deps: Deps): OutboundTransports {
  const recordedMail: SentMail[] = [];
  const recorder = nodemailer.createTransport({ jsonTransport: true }, { from: deps.config.mailFrom });
  const { smtpUrl, notifyTimeoutMs: timeoutMs } = deps.config;

  return {
    recordedMail,
    close: () => recorder.close(),
    async EMAIL(n) {
      const threading = await ticketThreading(deps, n);
      const subject = threading.tag && !(n.subject ?? '').includes(`[${threading.tag}]`) ? `[${threading.tag}] ${n.subject ?? ''}`.trim() : (n.subject ?? '');
      // A message recorded on the ticket names its own Message-ID, so replies thread back to it.
      const recorded = isObject(n.payload) && typeof n.payload.messageId === 'string' ? n.payload.messageId : null;
      const messageId = recorded ?? notificationMessageId(deps, n.id);
      // Without SMTP a recording transport; with it, one connection per mail (as nodemailer does
      // unpooled) to the address just checked, so DNS cannot move it in between.
      const mailer = smtpUrl
        ? nodemailer.createTransport(smtpOptions(await checkedSmtpUrl(deps.outbound, smtpUrl), timeoutMs), { from: deps.config.mailFrom })
        : recorder;
      await mailer
        .sendMail({
          // A server that trickles its answers would pass every step's timeout: the whole mail gets five.
          signal: AbortSignal.timeout(5 * timeoutMs),
          to: n.recipient,
          subject,
          text: n.body,
          html: `<div style="font-family:sans-serif;white-space:pre-wrap">${escapeHtml(n.body)}</div>`,
          messageId,
          ...(threading.references.length ? { inReplyTo: threading.references.at(-1), references: threading.references } : {}),
          headers: { 'X-Opsboard-Notification': n.idempotencyKey },
        })
        .catch((error: unknown) => {
          throw smtpError(error, smtpUrl, timeoutMs);
        })
        .finally(() => mailer !== recorder && mailer.close());
      if (!smtpUrl) {
        recordedMail.push({
          messageId,
          to: n.recipient,
          subject,
          text: n.body,
          ...(threading.references.length ? { inReplyTo: threading.references.at(-1)!, references: threading.references } : {}),
        });
        if (recordedMail.length > 200) recordedMail.shift();
      }
    },
    async CHAT(n) {
      const url = n.recipient.startsWith('http') ? n.recipient : deps.config.chatWebhookUrl;
      if (!url) throw new Error('no chat webhook configured (CHAT_WEBHOOK_URL)');
      const payload = isObject(n.payload) && typeof n.payload.text === 'string' ? n.payload : { text: n.subject ? `*${n.subject}*\n${n.body}` : n.body };
      await post(deps.outbound, url, JSON.stringify(payload), { 'content-type': 'application/json' }, deps.config.notifyTimeoutMs);
    },
    async WEBHOOK(n) {
      const subscriptionId = isObject(n.payload) ? String(n.payload.subscriptionId ?? '') : '';
      const subscription = await deps.prisma.webhookSubscription.findUnique({ where: { id: subscriptionId } });
      if (!subscription) throw new Error('the webhook subscription no longer exists');
      const body = JSON.stringify(isObject(n.payload) ? n.payload.event : null);
      // Receivers check this against their own clock to refuse replays: it is wall time, not the rules' clock.
      const timestamp = new Date();
      const signature = new Webhook(subscription.secret, { format: 'raw' }).sign(n.id, timestamp, body);
      await post(
        deps.outbound,
        subscription.url,
        body,
        {
          'content-type': 'application/json',
          'webhook-id': n.id,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
        deps.config.notifyTimeoutMs,
      );
    },
    async GITHUB(n) {
      // A comment on the issue the ticket came from. The token goes to the configured API only,
      // whatever the recipient says; the mark keeps its webhook from coming back as the user's reply.
      const { githubToken, githubApiUrl } = deps.config;
      if (!githubToken) throw new Error('no GitHub token configured (GITHUB_TOKEN)');
      if (!n.recipient.startsWith(`${githubApiUrl}/repos/`)) throw new Error(`not an issue of the configured GitHub API (${githubApiUrl})`);
      await post(
        deps.outbound,
        n.recipient,
        JSON.stringify({ body: `${n.body}\n\n${GITHUB_COMMENT_MARK}` }),
        {
          'content-type': 'application/json',
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${githubToken}`,
          'user-agent': 'opsboard',
          'x-github-api-version': '2022-11-28',
        },
        deps.config.notifyTimeoutMs,
      );
    },
    async IN_APP() {
      // Shown in the app from the outbox itself; nothing to send.
    },
  };
}

/**
 * SMTP_URL with its host replaced by a checked address (throws TargetRefusedError when refused); a host
 * name stays the TLS server name, so STARTTLS and smtps:// still verify the certificate of that name.
 */
async function checkedSmtpUrl(outbound: Outbound, smtpUrl: string): Promise<string> {
  const url = new URL(smtpUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const [first] = await outbound.resolveChecked(host);
  if (!first || first.address === host) return smtpUrl;
  url.hostname = first.family === 6 ? `[${first.address}]` : first.address;
  url.searchParams.set('servername', host);
  return url.toString();
}

/**
 * nodemailer waits 2 minutes to connect, 30 s for the greeting and 10 minutes of silence by default;
 * a hung mail server would hold a P0 page that long. Each step gets OPSBOARD_NOTIFY_TIMEOUT_MS.
 */
function smtpOptions(url: string, timeoutMs: number) {
  return { url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs, dnsTimeout: timeoutMs };
}

/** A timed-out mail says so, with the host and the limit (nodemailer says "Greeting never received"). */
function smtpError(error: unknown, smtpUrl: string | undefined, timeoutMs: number): unknown {
  if (!(error instanceof Error) || !smtpUrl) return error;
  const timedOut = (error as { code?: string }).code === 'ETIMEDOUT' || error.name === 'TimeoutError' || error.name === 'AbortError';
  if (!timedOut) return error;
  return new Error(`no answer from ${new URL(smtpUrl).host} within ${timeoutMs} ms (${error.message})`, { cause: error });
}

async function post(outbound: Outbound, url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  let response: { status: number };
  try {
    response = await outbound.request(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if (error instanceof TargetRefusedError) throw error;
    // The error says only "request failed"; the attempt log should say why.
    const host = new URL(url).host;
    if (error instanceof Error && error.name === 'TimeoutError') throw new Error(`no answer from ${host} within ${timeoutMs} ms`, { cause: error });
    const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
    throw new Error(`cannot reach ${host}: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`, { cause: error });
  }
  if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status} from ${new URL(url).host}`);
}

/** The ticket tag and the Message-IDs of the requester's mails, so replies thread in both directions. */
async function ticketThreading(deps: Deps, n: Notification): Promise<{ tag: string | null; references: string[] }> {
  if (!n.ticketId) return { tag: null, references: [] };
  const ticket = await deps.prisma.ticket.findUnique({
    where: { id: n.ticketId },
    select: {
      number: true,
      messages: { where: { direction: 'INBOUND', externalId: { startsWith: '<' } }, orderBy: { createdAt: 'asc' }, select: { externalId: true } },
    },
  });
  if (!ticket) return { tag: null, references: [] };
  return {
    tag: formatTicketNumber(deps.config.ticketPrefix, ticket.number),
    references: ticket.messages.map((m) => m.externalId!).slice(-10),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
