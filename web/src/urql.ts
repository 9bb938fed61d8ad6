import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { authorizationHeader } from './auth';

export type SocketState = 'connecting' | 'connected' | 'closed';

export interface ConnectionState {
  socket: SocketState;
  /** When the socket last stopped being connected (page load if it never was); null while connected. */
  downSince: number | null;
  /** Any message from the server, keep-alive pongs included. */
  lastMessageAt: number | null;
  lastCloseCode: number | null;
}

export interface ConnectionStore {
  get(): ConnectionState;
  subscribe(listener: () => void): () => void;
}

export interface OpsboardClient {
  client: Client;
  ws: WsClient;
  connection: ConnectionStore;
}

const KEEP_ALIVE_MS = 10_000;
const PONG_TIMEOUT_MS = 5_000;
const OPEN_TIMEOUT_MS = 15_000;
const ACK_TIMEOUT_MS = 10_000;
const MAX_RETRY_WAIT_MS = 15_000;

function createConnectionStore() {
  let state: ConnectionState = {
    socket: 'closed',
    downSince: Date.now(),
    lastMessageAt: null,
    lastCloseCode: null,
  };
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    update(patch: Partial<ConnectionState>) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
  };
}

/** Exponential backoff capped at ~15 s, with jitter so a room of TVs does not reconnect in lockstep. */
export function retryDelay(retries: number): number {
  return Math.min(MAX_RETRY_WAIT_MS, 1_000 * 2 ** retries) + Math.floor(Math.random() * 1_000);
}

function graphqlWsUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}/graphql`;
}

/** `connectNow`: open the WebSocket at once instead of at the first subscription (the TV: it saves a round trip). */
export function createOpsboardClient({ connectNow = false }: { connectNow?: boolean } = {}): OpsboardClient {
  const connection = createConnectionStore();
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let openTimer: ReturnType<typeof setTimeout> | undefined;

  const ws = createWsClient({
    url: graphqlWsUrl(),
    lazy: !connectNow,
    onNonLazyError: () => undefined, // retried forever; the state shows in the connection store
    // Read on every (re)connect, so a login in this tab is picked up without a reload.
    connectionParams: () => authorizationHeader(),
    keepAlive: KEEP_ALIVE_MS,
    connectionAckWaitTimeout: ACK_TIMEOUT_MS,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, retryDelay(retries))),
    on: {
      connecting: () => {
        // A handshake to a hung server can stay pending for minutes; give up and retry instead.
        clearTimeout(openTimer);
        openTimer = setTimeout(() => ws.terminate(), OPEN_TIMEOUT_MS);
        const { socket, downSince } = connection.get();
        connection.update({ socket: 'connecting', downSince: socket === 'connected' ? Date.now() : downSince });
      },
      opened: () => clearTimeout(openTimer),
      connected: () => connection.update({ socket: 'connected', downSince: null, lastMessageAt: Date.now() }),
      message: () => connection.update({ lastMessageAt: Date.now() }),
      ping: (received) => {
        // A socket can die silently (sleeping TV, dropped NAT entry): no pong soon after our ping means
        // it is gone, so terminate it and let the retry loop open a new one.
        if (received) return;
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => ws.terminate(), PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      closed: (event) => {
        clearTimeout(pongTimer);
        clearTimeout(openTimer);
        const { socket, downSince } = connection.get();
        const code = (event as { code?: unknown } | null)?.code;
        connection.update({
          socket: 'closed',
          downSince: socket === 'connected' || downSince === null ? Date.now() : downSince,
          lastCloseCode: typeof code === 'number' ? code : null,
        });
      },
    },
  });

  const client = new Client({
    url: '/graphql',
    // The server refuses GET queries without a header a cross-site form cannot send (CSRF).
    fetchOptions: () => ({ headers: { 'x-graphql-yoga-csrf': '1', ...authorizationHeader() } }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink),
          }),
        }),
      }),
    ],
  });

  return { client, ws, connection: { get: connection.get, subscribe: connection.subscribe } };
}
