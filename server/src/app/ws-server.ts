// graphql-ws on a `ws` server: what graphql-ws's own `useServer` does (protocol check, keep-alive
// pings, message handling, dispose), but socket errors go to our JSON log instead of the console,
// where every refused oversized message or reset connection would print a stack trace.
import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';

export type Extra = { socket: WebSocket; request: IncomingMessage };

export function serveGraphqlWs<P extends Record<string, unknown> | undefined, E extends Record<PropertyKey, unknown>>(
  options: ServerOptions<P, E & Extra>,
  wss: WebSocketServer,
  keepAliveMs: number,
  log: Logger,
): { dispose(): Promise<void> } {
  const server = makeServer<P, E & Extra>(options);
  wss.options.handleProtocols = handleProtocols;
  wss.on('error', (error) => log.warn({ err: error }, 'websocket server error'));
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    // ws closes the socket itself after an error (1009 for an oversized message, or the peer is gone).
    socket.on('error', (error) => log.debug({ err: error.message }, 'websocket error'));
    let pongWait: NodeJS.Timeout | undefined;
    const ping = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, keepAliveMs);
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
      { socket, request } as E & Extra,
    );
    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(ping);
      void closed(code, String(reason));
    });
  });
  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
