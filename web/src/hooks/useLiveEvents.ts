import { useEffect, useRef } from 'react';
import { useOpsboard } from '../client-context';
import { graphql } from '../graphql';

const DeskEvents = graphql(`
  subscription DeskEvents($topics: [String!]) {
    events(topics: $topics) {
      id
      topic
      type
      entityType
      entityId
    }
  }
`);

export interface LiveEvent {
  id: string;
  topic: string;
  type: string;
  entityType: string | null;
  entityId: string | null;
}

/**
 * Calls `onEvent` for every live event on these topics, and `onEvent(null)` after a reconnect (events
 * may have been missed while the socket was down: refetch). The callback may change between renders.
 */
export function useLiveEvents(topics: string[], onEvent: (event: LiveEvent | null) => void): void {
  const { client, connection } = useOpsboard();
  const callback = useRef(onEvent);
  callback.current = onEvent;
  const key = topics.join(',');

  useEffect(() => {
    const { unsubscribe } = client.subscription(DeskEvents, { topics: key.split(',') }).subscribe((result) => {
      if (result.data?.events) callback.current(result.data.events);
    });
    let wasConnected = connection.get().socket === 'connected';
    const stop = connection.subscribe(() => {
      const connected = connection.get().socket === 'connected';
      if (connected && !wasConnected) callback.current(null);
      wasConnected = connected;
    });
    return () => {
      unsubscribe();
      stop();
    };
  }, [client, connection, key]);
}

/** A function that runs `fn` at most once per `ms` (the last call in a burst always runs). */
export function useThrottled(fn: () => void, ms = 1_000): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  const state = useRef<{ timer: ReturnType<typeof setTimeout> | null; last: number }>({ timer: null, last: 0 });
  useEffect(
    () => () => {
      if (state.current.timer) clearTimeout(state.current.timer);
    },
    [],
  );
  return useRef(() => {
    const s = state.current;
    if (s.timer) return;
    const wait = Math.max(0, s.last + ms - Date.now());
    s.timer = setTimeout(() => {
      s.timer = null;
      s.last = Date.now();
      latest.current();
    }, wait);
  }).current;
}
