import { useEffect, useState } from 'react';
import { stringifyDocument } from 'urql';
import type { TadaDocumentNode } from 'gql.tada';
import { useOpsboard } from '../client-context';
import { retryDelay } from '../urql';

export const MAX_RECENT_EVENTS = 50;

interface FeedEvent {
  id: string;
}

interface FeedSnapshot {
  /** Newest event reflected in the snapshot. */
  lastEventId: string;
}

type FeedData<S extends FeedSnapshot, E extends FeedEvent> = { wallboard: { wallboard: S; events: readonly E[] } };

export interface WallboardFeed<S extends FeedSnapshot, E extends FeedEvent> {
  /** The latest snapshot only; every message carries a complete one. */
  snapshot: S | null;
  /** Newest first, at most MAX_RECENT_EVENTS. */
  events: readonly E[];
  /** Highest event id seen: the `after` cursor for the next subscribe. */
  lastEventId: string | null;
  /** When the last snapshot arrived. */
  receivedAt: number | null;
  error: string | null;
  /** When the feed stopped delivering (error or completion), null while it is fine. */
  troubleSince: number | null;
  startedAt: number;
}

function toBigInt(id: string): bigint | null {
  try {
    return BigInt(id);
  } catch {
    return null;
  }
}

function compareIdsDesc(a: FeedEvent, b: FeedEvent): number {
  const x = toBigInt(a.id);
  const y = toBigInt(b.id);
  if (x === null || y === null) return b.id.localeCompare(a.id);
  return x === y ? 0 : x > y ? -1 : 1;
}

export function mergeEvents<E extends FeedEvent>(previous: readonly E[], incoming: readonly E[]): readonly E[] {
  if (incoming.length === 0) return previous;
  const byId = new Map<string, E>();
  for (const event of previous) byId.set(event.id, event);
  for (const event of incoming) byId.set(event.id, event);
  return [...byId.values()].sort(compareIdsDesc).slice(0, MAX_RECENT_EVENTS);
}

function describeError(error: unknown): string {
  if (Array.isArray(error)) {
    const messages = error.map((e: { message?: unknown }) => String(e?.message ?? '')).filter(Boolean);
    if (messages.length > 0) return messages.join(' ');
  }
  if (error && typeof error === 'object' && 'code' in error) {
    const { code, reason } = error as { code: unknown; reason?: unknown };
    return `Connection closed (${String(code)}${reason ? `: ${String(reason)}` : ''})`;
  }
  return error instanceof Error ? error.message : 'The live feed failed';
}

/** The server answered EVENTS_EXPIRED: the events after the cursor were deleted by retention. */
function isExpired(errors: unknown): boolean {
  return Array.isArray(errors) && errors.some((e: { extensions?: { code?: unknown } } | null) => e?.extensions?.code === 'EVENTS_EXPIRED');
}

// A TV left alone for weeks outlives deployments: if the server keeps rejecting this build's query,
// reload (at most every 10 minutes) to fetch the current build.
const RELOAD_KEY = 'opsboard.wallboardReloadedAt';
function reloadForNewBuild(): void {
  try {
    const last = Number(window.sessionStorage.getItem(RELOAD_KEY) ?? 0);
    if (Date.now() - last < 10 * 60_000) return;
    window.sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
  } catch {
    return;
  }
  window.location.reload();
}

/**
 * Runs `subscription wallboard(after:)` on the graphql-ws client directly. graphql-ws re-sends a
 * subscription's original payload after a reconnect, which would carry a stale cursor; so on every
 * `connected` event the subscription is disposed and started again with `after` = highest event id
 * seen (or, before any event, the snapshot's own lastEventId), and the server replays exactly what
 * this display missed — unless those events are no longer kept (EVENTS_EXPIRED, after a long
 * outage): then it subscribes without a cursor and starts from a fresh snapshot.
 */
export function useWallboardFeed<S extends FeedSnapshot, E extends FeedEvent>(
  document: TadaDocumentNode<FeedData<S, E>, { after?: string | null | undefined }>,
  enabled: boolean,
): WallboardFeed<S, E> {
  const { ws } = useOpsboard();
  const [feed, setFeed] = useState<WallboardFeed<S, E>>(() => ({
    snapshot: null,
    events: [],
    lastEventId: null,
    receivedAt: null,
    error: null,
    troubleSince: null,
    startedAt: Date.now(),
  }));

  useEffect(() => {
    if (!enabled) return;
    const query = stringifyDocument(document);
    let cursor: bigint | null = null;
    let generation = 0;
    let failures = 0;
    let dispose: (() => void) | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const trouble = (error: string | null) => setFeed((prev) => ({ ...prev, error: error ?? prev.error, troubleSince: prev.troubleSince ?? Date.now() }));

    const retryLater = () => {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(subscribe, retryDelay(failures++));
    };

    function subscribe() {
      clearTimeout(retryTimer);
      dispose?.();
      const current = ++generation;
      const after = cursor === null ? null : cursor.toString();
      dispose = ws.subscribe<FeedData<S, E>>(
        { query, variables: { after } },
        {
          next(result) {
            if (current !== generation) return;
            const update = result.data?.wallboard;
            if (update) {
              failures = 0;
              for (const event of update.events) {
                const id = toBigInt(event.id);
                if (id !== null && (cursor === null || id > cursor)) cursor = id;
              }
              // Before any event has arrived, resume from what the snapshot already reflects.
              cursor ??= toBigInt(update.wallboard.lastEventId);
              const lastEventId = cursor === null ? null : cursor.toString();
              setFeed((prev) => ({
                ...prev,
                snapshot: update.wallboard,
                events: mergeEvents(prev.events, update.events),
                lastEventId,
                receivedAt: Date.now(),
                error: null,
                troubleSince: null,
              }));
            } else if (isExpired(result.errors)) {
              // The server no longer keeps the events after our cursor (retention): start afresh
              // from a new snapshot instead of asking for the same lost events again and again.
              cursor = null;
              failures = 0;
              subscribe();
            } else if (result.errors?.length) {
              trouble(describeError(result.errors));
            }
          },
          error(error) {
            if (current !== generation) return;
            dispose = null;
            if (isExpired(error)) {
              cursor = null;
              failures = 0;
              subscribe();
              return;
            }
            trouble(describeError(error));
            if (Array.isArray(error) && failures >= 3) reloadForNewBuild();
            retryLater();
          },
          complete() {
            if (current !== generation) return;
            dispose = null;
            trouble(null);
            retryLater();
          },
        },
      );
    }

    const offConnected = ws.on('connected', subscribe);
    subscribe();
    return () => {
      generation++;
      clearTimeout(retryTimer);
      offConnected();
      dispose?.();
    };
  }, [ws, document, enabled]);

  return feed;
}
