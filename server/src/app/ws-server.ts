// graphql-ws on a `ws` server: what graphql-ws's own `useServer` does (protocol check, keep-alive
// pings, message handling, dispose), but socket errors go to our JSON log instead of the console,
// where every refused oversized message or reset connection would print a stack trace.
import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';

/** `request` (the upgrade request) is there for onConnect; it is deleted afterwards so that it is not kept per connection. */
export type Extra = { socket: WebSocket; request?: IncomingMessage };

export function serveGraphqlWs<P extends Record<string, unknown> | undefined, E extends Record<PropertyKey, unknown>>(
  options: ServerOptions<P, E & Extra>,
  wss: WebSocketServer,
  keepAliveMs: number,
  log: Logger,
): { dispose(): Promise<void> } {
  const server = makeServer<P, E & Extra>(options);
  const onSocketError = (error: Error) => log.debug({ err: error.message }, 'websocket error');
  wss.options.handleProtocols = handleProtocols;
  wss.on('error', (error) => log.warn({ err: error }, 'websocket server error'));
  // Keep-alive: one timer for every socket instead of an interval and a timeout per socket. Sockets
  // are spread over SLOTS slots, one slot pinged per tick, so the pings go out spread over the
  // period instead of all at once; a socket that has not answered its previous ping by its next
  // turn (one period later) is gone and is terminated.
  const SLOTS = 15;
  const slotOf = new WeakMap<WebSocket, number>();
  const unanswered = new WeakSet<WebSocket>();
  let tick = 0;
  let nextSlot = 0;
  const sweep = setInterval(() => {
    const slot = tick++ % SLOTS;
    for (const socket of wss.clients) {
      if (slotOf.get(socket) !== slot || socket.readyState !== socket.OPEN) continue;
      if (unanswered.has(socket)) {
        socket.terminate();
        continue;
      }
      unanswered.add(socket);
      socket.ping();
    }
  }, keepAliveMs / SLOTS);
  sweep.unref();
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    // ws closes the socket itself after an error (1009 for an oversized message, or the peer is gone).
    socket.on('error', onSocketError);
    socket.on('pong', () => unanswered.delete(socket));
    slotOf.set(socket, nextSlot++ % SLOTS);
    // The upgrade request is handed to onConnect only: `extra.request` is dropped once it has run.
    const extra = { socket, request } as E & Extra;
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              log.error({ err: error }, 'graphql-ws message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => void closed(code, String(reason)));
  });
  return {
    async dispose() {
      clearInterval(sweep);
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
