// Where a message to a requester goes: back on the channel the request came from. A GitHub issue is
// answered by a comment on that issue when a token is configured (never by e-mail to an address the
// same person left elsewhere); the other channels by e-mail, when the requester left an address.
// Without a route the message is only recorded on the ticket, for the agent to post by hand.
import type { Channel, NotificationChannel } from '@opsboard/db';
import type { Deps } from '../platform/db.ts';

export interface ReplyRoute {
  channel: Extract<NotificationChannel, 'EMAIL' | 'GITHUB'>;
  recipient: string;
}

/** Hidden in every comment opsboard posts, so the webhook of that comment is not taken for the requester's reply. */
export const GITHUB_COMMENT_MARK = '<!-- opsboard -->';

/** https://github.com/OWNER/REPO/issues/N (or a GitHub Enterprise host) → OWNER, REPO and N. */
const ISSUE_PATH = /^\/([\w.-]{1,100})\/([\w.-]{1,100})\/issues\/(\d{1,10})$/;

/**
 * The comments endpoint of the issue behind `issueUrl`, on the configured API only: the token never
 * goes to a host taken from a webhook's payload.
 */
export function githubCommentsUrl(apiUrl: string, issueUrl: string): string | null {
  let path: string;
  try {
    path = new URL(issueUrl).pathname;
  } catch {
    return null;
  }
  const match = ISSUE_PATH.exec(path);
  if (!match) return null;
  const [, owner, repo, number] = match;
  return `${apiUrl}/repos/${owner}/${repo}/issues/${number}/comments`;
}

/**
 * The outbox route of a message to the requester of a ticket from `channel`, or null when it can only
 * be recorded on the ticket, with the reason in `why`.
 */
export function replyRoute(
  deps: Deps,
  ticket: { channel: Channel; externalRef: string | null },
  requesterEmail: string | null | undefined,
): ReplyRoute | { channel: null; why: string } {
  switch (ticket.channel) {
    case 'GITHUB': {
      if (!deps.config.githubToken) return { channel: null, why: 'GitHub comments need GITHUB_TOKEN' };
      const recipient = ticket.externalRef ? githubCommentsUrl(deps.config.githubApiUrl, ticket.externalRef) : null;
      return recipient ? { channel: 'GITHUB', recipient } : { channel: null, why: 'the ticket names no GitHub issue' };
    }
    default:
      // E-mail and the web form ask for an address; a social or community requester who left one
      // is answered there by the agent (the automatic acknowledgement is not: see autoAcknowledge).
      return requesterEmail ? { channel: 'EMAIL', recipient: requesterEmail } : { channel: null, why: 'the requester left no e-mail address' };
  }
}
