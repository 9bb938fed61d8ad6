import { formatClock } from '../../ui/format';
import type { ConnectionState } from '../../urql';

export const STALE_AFTER_SILENCE_MS = 30_000;
export const STALE_AFTER_DOWN_MS = 10_000;

export type Status = { kind: 'live' } | { kind: 'reconnecting' } | { kind: 'stale'; since: number };

export interface FeedHealth {
  /** When the subscription stopped delivering while the socket may still be up; null when fine. */
  troubleSince: number | null;
  hasSnapshot: boolean;
  startedAt: number;
}

/**
 * LIVE: socket connected, feed delivering, a server message (data or keep-alive pong) in the last 30 s.
 * RECONNECTING…: down for at most 10 s. STALE since <last good moment>: anything longer.
 */
export function connectionStatus(connection: ConnectionState, feed: FeedHealth, now: number): Status {
  const socketUp = connection.socket === 'connected';
  const downAt = !socketUp ? (connection.downSince ?? now) : (feed.troubleSince ?? (feed.hasSnapshot ? null : feed.startedAt));
  const heardAt = connection.lastMessageAt;

  if (downAt === null && heardAt !== null && now - heardAt <= STALE_AFTER_SILENCE_MS) return { kind: 'live' };
  if (downAt !== null && now - downAt <= STALE_AFTER_DOWN_MS) return { kind: 'reconnecting' };
  const since = downAt === null ? (heardAt ?? now) : !socketUp && heardAt !== null ? Math.min(heardAt, downAt) : downAt;
  return { kind: 'stale', since };
}

const REFUSED_CODES = new Set([4401, 4403]);

/** graphql-ws close codes for a token the server would not accept. */
export function tokenRefused(closeCode: number | null): boolean {
  return closeCode !== null && REFUSED_CODES.has(closeCode);
}

export function ConnectionStatus({ status, closeCode }: { status: Status; closeCode: number | null }) {
  const text = status.kind === 'live' ? 'LIVE' : status.kind === 'reconnecting' ? 'RECONNECTING…' : `STALE since ${formatClock(status.since)}`;
  return (
    <div className="status-wrap">
      <p className={`status status--${status.kind}`} role="status" data-testid="connection-status">
        {text}
      </p>
      {status.kind !== 'live' && tokenRefused(closeCode) && <p className="status-hint">The server refused this display&rsquo;s token</p>}
    </div>
  );
}
