// Intake from every channel (the guide's Step 1): GitHub issues and comments, e-mail, social,
// community and the web form all become tickets and messages here. Each delivery is recorded once
// (InboundDelivery), so a redelivery changes nothing.
import { createHash } from 'node:crypto';
import type { Channel, IntakeSource, Ticket } from '@opsboard/db';
import { simpleParser } from 'mailparser';
import { z } from 'zod';
import type { Emit, Tx } from '../platform/events.ts';
import { inputError, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import { cleanText } from '../platform/validation.ts';
import { GITHUB_COMMENT_MARK } from '../notifications/reply-route.ts';
import { createTicketIn, findOrCreateRequester, updateTicketIn, userRepliedAfterResolution } from '../tickets/service.ts';
import { CreateTicketInput, formatTicketNumber, OPEN_STATUSES, ticketSnapshot } from '../tickets/model.ts';

export type IntakeStatus = 'created' | 'message' | 'updated' | 'duplicate' | 'ignored';

export interface IntakeOutcome {
  status: IntakeStatus;
  ticketId?: string | undefined;
  ticketNumber?: string | undefined;
  reason?: string | undefined;
}

const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');
const clip = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

/** Title from the first non-empty line of a text. */
const titleFrom = (text: string) =>
  clip(
    text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? '(no text)',
    120,
  );

/** Runs `work` once per (source, delivery id): a redelivery, even a concurrent one, writes nothing. */
async function once(
  deps: Deps,
  source: IntakeSource,
  deliveryId: string,
  work: (tx: Tx, emit: Emit) => Promise<{ status: IntakeStatus; ticket: Ticket | null; reason?: string }>,
): Promise<IntakeOutcome> {
  return transact(deps, async (tx, emit) => {
    const now = deps.clock.now();
    const key = clip(deliveryId, 500);
    const inserted = await tx.inboundDelivery.createMany({ data: [{ source, deliveryId: key, outcome: 'processing', receivedAt: now }], skipDuplicates: true });
    if (inserted.count === 0) {
      const earlier = await tx.inboundDelivery.findUnique({ where: { source_deliveryId: { source, deliveryId: key } } });
      const ticket = earlier?.ticketId ? await tx.ticket.findUnique({ where: { id: earlier.ticketId }, select: { number: true } }) : null;
      return {
        status: 'duplicate',
        ticketId: earlier?.ticketId ?? undefined,
        ticketNumber: ticket ? formatTicketNumber(deps.config.ticketPrefix, ticket.number) : undefined,
      };
    }
    const result = await work(tx, emit);
    await tx.inboundDelivery.update({
      where: { source_deliveryId: { source, deliveryId: key } },
      data: { outcome: result.reason ? `${result.status}: ${result.reason}` : result.status, ticketId: result.ticket?.id ?? null },
    });
    return {
      status: result.status,
      ticketId: result.ticket?.id,
      ticketNumber: result.ticket ? formatTicketNumber(deps.config.ticketPrefix, result.ticket.number) : undefined,
      reason: result.reason,
    };
  });
}

function openTicket(tx: Tx, emit: Emit, deps: Deps, raw: z.input<typeof CreateTicketInput>, noAutoReply?: string | null): Promise<Ticket> {
  const input = parseInput(CreateTicketInput, {
    ...raw,
    title: clip(raw.title.trim() || '(no subject)', 200),
    description: clip(raw.description.trim() || raw.title, 20_000),
  });
  return createTicketIn(tx, emit, deps, null, input, noAutoReply);
}

/** A message from the requester on an existing ticket; a ticket waiting on the user goes back to work. */
export async function addInboundMessage(
  tx: Tx,
  emit: Emit,
  deps: Deps,
  ticket: Ticket,
  message: { body: string; requesterId: string | null; externalId: string | null },
): Promise<Ticket> {
  const now = deps.clock.now();
  const created = await tx.ticketMessage.create({
    data: {
      ticketId: ticket.id,
      direction: 'INBOUND',
      kind: 'MESSAGE',
      body: clip(message.body.trim() || '(empty message)', 20_000),
      requesterId: message.requesterId,
      externalId: message.externalId,
      createdAt: now,
    },
  });
  emit({
    topic: 'tickets',
    type: 'TICKET_MESSAGE_ADDED',
    entityType: 'Ticket',
    entityId: ticket.id,
    payload: { ticket: ticketSnapshot(deps, ticket), message: { id: created.id, direction: 'INBOUND', kind: 'MESSAGE', createdAt: now.toISOString() } },
  });
  if (ticket.status === 'WAITING_ON_USER') return updateTicketIn(tx, emit, deps, null, ticket.id, { status: 'IN_PROGRESS' });
  // The ticket's own user answering after the resolution: a confirmation closes it, anything else reopens it.
  const fromUser = !ticket.requesterId || ticket.requesterId === message.requesterId;
  if (fromUser && (ticket.status === 'RESOLVED' || ticket.status === 'CLOSED'))
    return userRepliedAfterResolution(tx, emit, deps, ticket, message.body, created.id);
  return ticket;
}

// ─────────────────────────────────── GitHub ───────────────────────────────────

const GithubUser = z.object({ login: z.string() });
const GithubIssue = z.object({
  html_url: z.url(),
  number: z.number(),
  title: z.string(),
  body: z.string().nullable().optional(),
  user: GithubUser,
  labels: z.array(z.object({ name: z.string() })).optional(),
});
const GithubPayload = z.object({
  action: z.string(),
  repository: z.object({ full_name: z.string() }),
  issue: GithubIssue,
  sender: GithubUser,
  label: z.object({ name: z.string() }).optional(),
  comment: z.object({ id: z.number(), body: z.string().nullable(), user: GithubUser, html_url: z.url() }).optional(),
});

/** Events and actions that change tickets; anything else is acknowledged and ignored. */
export const GITHUB_ACTIONS: Record<string, readonly string[]> = {
  issues: ['opened', 'edited', 'closed', 'reopened', 'labeled'],
  issue_comment: ['created'],
};

/** Why a GitHub delivery is ignored, or null when it should be processed. */
export function githubIgnoreReason(deps: Deps, event: string, payload: unknown): string | null {
  const p = payload as { action?: unknown; repository?: { full_name?: unknown }; comment?: { body?: unknown } } | null;
  const actions = GITHUB_ACTIONS[event];
  if (!actions) return `event "${clip(event, 40)}" is not handled`;
  if (typeof p?.action !== 'string' || !actions.includes(p.action)) return `action "${clip(String(p?.action), 40)}" of ${event} is not handled`;
  const repo = typeof p.repository?.full_name === 'string' ? p.repository.full_name.toLowerCase() : '';
  if (deps.config.githubRepositories.length && !deps.config.githubRepositories.includes(repo)) return `repository "${clip(repo, 100)}" is not watched`;
  // Our own comment (an acknowledgement or an agent's message) coming back is not the requester's reply.
  if (event === 'issue_comment' && typeof p.comment?.body === 'string' && p.comment.body.includes(GITHUB_COMMENT_MARK)) return 'a comment opsboard posted';
  return null;
}

export async function intakeGithub(deps: Deps, event: string, deliveryId: string, payload: unknown): Promise<IntakeOutcome> {
  const reason = githubIgnoreReason(deps, event, payload);
  if (reason) return { status: 'ignored', reason };
  const p = parseInput(GithubPayload, payload, 'payload');
  return once(deps, 'GITHUB', deliveryId, async (tx, emit) => {
    const existing = await tx.ticket.findFirst({ where: { channel: 'GITHUB', externalRef: p.issue.html_url } });
    const labels = (p.issue.labels ?? []).map((l) => clip(l.name, 50)).slice(0, 20);
    const ticket =
      existing ??
      (await openTicket(tx, emit, deps, {
        channel: 'GITHUB',
        title: p.issue.title,
        description: p.issue.body ?? p.issue.title,
        requesterHandle: p.issue.user.login,
        requesterName: p.issue.user.login,
        externalRef: p.issue.html_url,
        tags: labels,
      }));
    const created = !existing;
    const now = deps.clock.now();
    switch (`${event}.${p.action}`) {
      case 'issues.opened':
        return { status: created ? 'created' : 'duplicate', ticket };
      case 'issues.edited': {
        if (created) return { status: 'created', ticket };
        const updated = await tx.ticket.update({
          where: { id: ticket.id },
          data: { title: clip(p.issue.title, 200), description: clip(p.issue.body ?? p.issue.title, 20_000), updatedAt: now },
        });
        await tx.ticketActivity.create({ data: { ticketId: ticket.id, action: 'edited_on_github', data: { by: p.sender.login }, createdAt: now } });
        emit({
          topic: 'tickets',
          type: 'TICKET_UPDATED',
          entityType: 'Ticket',
          entityId: ticket.id,
          payload: { ticket: ticketSnapshot(deps, updated), changes: { title: { from: ticket.title, to: updated.title } } },
        });
        return { status: 'updated', ticket: updated };
      }
      case 'issues.labeled': {
        const tags = [...new Set([...ticket.tags, ...labels, ...(p.label ? [clip(p.label.name, 50)] : [])])].slice(0, 20);
        if (tags.length === ticket.tags.length) return { status: created ? 'created' : 'updated', ticket };
        const updated = await tx.ticket.update({ where: { id: ticket.id }, data: { tags, updatedAt: now } });
        emit({
          topic: 'tickets',
          type: 'TICKET_UPDATED',
          entityType: 'Ticket',
          entityId: ticket.id,
          payload: { ticket: ticketSnapshot(deps, updated), changes: { tags: { from: ticket.tags.join(','), to: tags.join(',') } } },
        });
        return { status: created ? 'created' : 'updated', ticket: updated };
      }
      case 'issues.closed': {
        if (!OPEN_STATUSES.includes(ticket.status)) return { status: 'updated', ticket, reason: 'already resolved' };
        // Its author closed it: resolved, triaged or not; the quiet-period job asks whether it is fixed.
        return { status: 'updated', ticket: await updateTicketIn(tx, emit, deps, null, ticket.id, { status: 'RESOLVED' }, { untriagedExit: true }) };
      }
      case 'issues.reopened': {
        if (OPEN_STATUSES.includes(ticket.status)) return { status: created ? 'created' : 'updated', ticket, reason: 'already open' };
        return { status: 'updated', ticket: await updateTicketIn(tx, emit, deps, null, ticket.id, { status: 'IN_PROGRESS' }) };
      }
      case 'issue_comment.created': {
        const comment = p.comment;
        if (!comment) throw inputError('payload.comment: missing on an issue_comment event', [{ field: 'payload.comment', message: 'missing' }]);
        const externalId = `github-comment:${comment.id}`;
        if (await tx.ticketMessage.findUnique({ where: { externalId }, select: { id: true } })) return { status: 'duplicate', ticket };
        const requester = await findOrCreateRequester(tx, 'GITHUB', null, comment.user.login, comment.user.login, now);
        return {
          status: 'message',
          ticket: await addInboundMessage(tx, emit, deps, ticket, { body: comment.body ?? '', requesterId: requester?.id ?? null, externalId }),
        };
      }
      default:
        return { status: 'ignored', ticket: null };
    }
  });
}

// ─────────────────────────────────── e-mail ───────────────────────────────────

/** An inbound e-mail (raw RFC 822): a reply threads into its ticket, anything else opens one. */
export async function intakeEmail(deps: Deps, raw: Buffer): Promise<IntakeOutcome> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const from = mail.from?.value.find((a) => a.address);
  if (!from?.address || !z.email().safeParse(from.address).success) {
    throw inputError('the message has no valid From address', [{ field: 'From', message: 'missing or not an e-mail address' }]);
  }
  // A message's text may hold what PostgreSQL cannot store (NUL): cleaned, the message still arrives.
  const messageId = cleanText(mail.messageId ?? `sha256:${sha256(raw)}`);
  const subject = cleanText(mail.subject ?? '').trim();
  const body = cleanText(mail.text ?? '').trim();
  const fromName = cleanText(from.name ?? '');
  const references = [mail.inReplyTo, ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])]
    .filter((r): r is string => !!r)
    .map(cleanText);
  const noAutoReply = automaticMail(mail.headerLines);
  return once(deps, 'EMAIL', messageId, async (tx, emit) => {
    const ticket = await findThread(tx, deps, references, subject);
    if (ticket) {
      const requester = await findOrCreateRequester(tx, 'EMAIL', from.address, fromName || null, null, deps.clock.now());
      return {
        status: 'message',
        ticket: await addInboundMessage(tx, emit, deps, ticket, { body: body || subject, requesterId: requester?.id ?? null, externalId: messageId }),
      };
    }
    const created = await openTicket(
      tx,
      emit,
      deps,
      {
        channel: 'EMAIL',
        title: subject || titleFrom(body),
        description: body || subject || '(empty message)',
        requesterEmail: from.address,
        requesterName: fromName || null,
        externalRef: clip(messageId, 500),
        sourceMessageId: clip(messageId, 500),
      },
      noAutoReply,
    );
    return { status: 'created', ticket: created };
  });
}

/**
 * Why a message must get no automatic reply (RFC 3834 §2), or null: it says it was sent by a
 * program (Auto-Submitted other than "no"), is bulk or list mail (Precedence bulk, list or junk), or
 * came through a mailing list (List-Id, List-Unsubscribe).
 */
export function automaticMail(headerLines: readonly { key: string; line: string }[]): string | null {
  const header = (key: string) => {
    const line = headerLines.find((h) => h.key.toLowerCase() === key)?.line;
    return line === undefined ? undefined : line.slice(line.indexOf(':') + 1).trim();
  };
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== undefined && (autoSubmitted.split(';')[0] ?? '').trim().toLowerCase() !== 'no') return `Auto-Submitted: ${clip(autoSubmitted, 100)}`;
  const precedence = header('precedence');
  if (precedence !== undefined && /^(bulk|list|junk)$/i.test(precedence)) return `Precedence: ${precedence.toLowerCase()}`;
  if (header('list-id') !== undefined) return 'mailing list (List-Id)';
  if (header('list-unsubscribe') !== undefined) return 'mailing list (List-Unsubscribe)';
  return null;
}

/** The ticket a reply belongs to: by In-Reply-To/References, else by a [PM-123] tag in the subject. */
async function findThread(tx: Tx, deps: Deps, references: string[], subject: string): Promise<Ticket | null> {
  if (references.length) {
    const message = await tx.ticketMessage.findFirst({ where: { externalId: { in: references } }, select: { ticket: true } });
    if (message) return message.ticket;
    const byRef = await tx.ticket.findFirst({ where: { channel: 'EMAIL', externalRef: { in: references } } });
    if (byRef) return byRef;
  }
  const tag = new RegExp(`\\[${deps.config.ticketPrefix}-(\\d{1,9})\\]`, 'i').exec(subject);
  return tag ? tx.ticket.findUnique({ where: { number: Number(tag[1]) } }) : null;
}

// ───────────────────────────── social, community, web form ─────────────────────────────

export const IntakeJsonInput = z.object({
  channel: z.enum(['SOCIAL', 'COMMUNITY', 'WEB'], 'must be SOCIAL, COMMUNITY or WEB'),
  author: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  handle: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional().nullable(),
  url: z.url('must be a URL').max(500, 'must be at most 500 characters').optional().nullable(),
  text: z.string().trim().min(1, 'must not be empty').max(20_000, 'must be at most 20000 characters'),
  email: z.email('must be an e-mail address').max(254).optional().nullable(),
  title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional().nullable(),
});
export type IntakeJsonInput = z.input<typeof IntakeJsonInput>;

/** A post, mention, discussion or web form; the same content (or the same link) twice is one ticket. */
export async function intakeJson(deps: Deps, raw: unknown, idempotencyKey?: string | null): Promise<IntakeOutcome> {
  const input = parseInput(IntakeJsonInput, raw, '');
  const deliveryId = idempotencyKey
    ? `key:${idempotencyKey}`
    : input.url
      ? `url:${input.url}`
      : `sha256:${sha256(JSON.stringify([input.channel, input.author, input.handle, input.text]))}`;
  return once(deps, input.channel as IntakeSource, deliveryId, async (tx, emit) => {
    const ticket = await openTicket(tx, emit, deps, {
      channel: input.channel as Channel,
      title: input.title ?? titleFrom(input.text),
      description: input.text,
      requesterEmail: input.email ?? null,
      requesterName: input.author,
      requesterHandle: input.handle ?? null,
      externalRef: input.url ?? null,
    });
    return { status: 'created', ticket };
  });
}
