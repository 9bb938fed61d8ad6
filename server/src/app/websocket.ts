// The WebSocket side of /graphql: graphql-ws on `ws`, every operation through yoga's envelop (the
// same limits, auth and masking as HTTP), subscriptions through the fan-out, and sockets closed when
// their token is revoked or expires.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import { ACTOR_CHANGED, type Actor, authenticate, scopeKey, TOKEN_REVOKED } from '../auth/service.ts';
import { outboxBacklog } from '../notifications/backlog.ts';
import type { Context } from '../graphql/builder.ts';
import type { EventRecord } from '../platform/events.ts';
import { clientAddress } from '../platform/rate-limit.ts';
import type { Runtime } from '../platform/runtime.ts';
import { type FanoutTarget, SLOW_CLIENT_CLOSE, SubscriptionFanout } from './fanout.ts';
import { requestIdOf } from './http.ts';
import { originAllowed } from './security.ts';
import { serveGraphqlWs } from './ws-server.ts';

const WS_MAX_PAYLOAD = 64 * 1024;

type Enveloped = { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown; target: FanoutTarget };

export interface WebSocketSide {
  /** Tells every client we are going away (they reconnect elsewhere and resume) and stops. */
  stop(): Promise<void>;
}

export function serveWebSocket(
  rt: Runtime,
  server: Server,
  yoga: YogaServerInstance<{ wsActor?: Actor | null; wsIp?: string }, Context>,
  log: Logger,
): WebSocketSide {
  // No per-message compression: subscription frames are prepared once, whole (fanout.ts).
  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: WS_MAX_PAYLOAD,
    perMessageDeflate: false,
    // A browser page of another site may not open a socket here (403 before the upgrade).
    verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
      if (originAllowed(req, rt.config)) return done(true);
      log.info({ ip: clientAddress(req, rt.config.trustProxy), origin: req.headers.origin?.slice(0, 200) }, 'websocket refused: origin');
      done(false, 403, 'Forbidden: origin not allowed');
    },
  });
  const fanout = new SubscriptionFanout({
    maxBufferedBytes: rt.config.wsMaxBufferedBytes,
    onSlowSocket: (socket, bufferedBytes) => {
      const connection = [...connections].find((c) => c.socket === socket);
      rt.metrics.slowClientsClosed.inc();
      log.warn({ connId: connection?.id, bufferedBytes, code: SLOW_CLIENT_CLOSE }, 'websocket closed: the client is not keeping up');
    },
  });
  type Extra = { actor?: Actor | null; connectionId?: string; ip?: string };
  type Connection = { socket: WebSocket; actor: Actor | null; id: string; subscriptions: Record<string, unknown> };
  const connections = new Set<Connection>();
  /** The soonest expiry of a connected token (ms): before it, only revocations and changes make closeUnauthorised look. */
  let nextExpiry = Infinity;
  const byContext = new WeakMap<object, Connection>();

  /** Closes sockets whose token was revoked (on any instance) or has expired. */
  function closeUnauthorised(batch: EventRecord[]): void {
    let revoked: Set<string | null> | undefined;
    let changed: Set<string | null> | undefined;
    for (const e of batch) {
      if (!e.entityId) continue;
      if (e.type === TOKEN_REVOKED) (revoked ??= new Set()).add(e.entityId);
      else if (e.type === ACTOR_CHANGED) (changed ??= new Set()).add(e.entityId);
    }
    const now = rt.clock.now();
    // Most batches revoke nothing and no token has expired yet: then no socket needs a look.
    if (!revoked && !changed && now.getTime() < nextExpiry) return;
    nextExpiry = Infinity;
    for (const connection of connections) {
      const { actor } = connection;
      if (!actor) continue;
      if (actor.expiresAt && actor.expiresAt > now) nextExpiry = Math.min(nextExpiry, actor.expiresAt.getTime());
      const reason = revoked?.has(actor.tokenId)
        ? 'Forbidden: token revoked'
        : actor.userId && changed?.has(actor.userId)
          ? 'Forbidden: your role or account changed; reconnect'
          : actor.expiresAt && actor.expiresAt <= now
            ? 'Forbidden: token expired'
            : null;
      if (!reason) continue;
      log.info({ connId: connection.id, tokenId: actor.tokenId }, reason);
      connections.delete(connection);
      connection.socket.close(4403, reason);
    }
  }
  const stopWatching = rt.hub.listen((batch) => {
    const now = Date.now();
    for (const event of batch) {
      rt.metrics.eventsPublished.inc({ topic: event.topic });
      rt.metrics.deliveryLag.observe(Math.max(0, now - event.createdAt.getTime()) / 1000);
    }
    closeUnauthorised(batch);
  }).stop;
  const expirySweep = setInterval(() => closeUnauthorised([]), 30_000);
  expirySweep.unref();
  rt.metrics.attach({
    openConnections: () => connections.size,
    openSubscriptions: () => [...connections].reduce((sum, c) => sum + Object.keys(c.subscriptions).length, 0),
    rateLimited: () => ({ ...rt.limits.refused }),
    subscriptionExecutions: () => fanout.executions,
    subscriptionMessages: () => fanout.sent,
    eventsDelivered: () => rt.hub.delivered,
    outboxBacklog: () => outboxBacklog(rt),
  });

  const wsServer = serveGraphqlWs<Record<string, unknown> | undefined, Extra>(
    {
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx: WsContext<Record<string, unknown> | undefined, Extra & { request?: IncomingMessage; socket: WebSocket }>) => {
        const authorization = ctx.connectionParams?.authorization;
        // What is needed of the upgrade request is read here; the request itself is not kept per connection.
        const request = ctx.extra.request;
        delete ctx.extra.request;
        const id = request ? requestIdOf(request) : randomUUID();
        const ip = request ? clientAddress(request, rt.config.trustProxy) : 'unknown';
        ctx.extra.ip = ip;
        // Every socket needs a token at connection_init (nothing is subscribed to signed out): a
        // missing, bad, revoked or expired one is refused with 4401 before any operation.
        const actor = await authenticate(rt, typeof authorization === 'string' ? authorization : null).catch(() => null);
        if (!actor) {
          log.info({ connId: id, ip, sent: typeof authorization === 'string' }, 'websocket refused: no valid token');
          ctx.extra.socket.close(4401, 'Unauthorized: connection_init needs a valid bearer token');
          return false;
        }
        ctx.extra.actor = actor;
        const connection: Connection = { socket: ctx.extra.socket, actor: ctx.extra.actor, id, subscriptions: ctx.subscriptions };
        ctx.extra.connectionId = id;
        connections.add(connection);
        if (actor.expiresAt) nextExpiry = Math.min(nextExpiry, actor.expiresAt.getTime());
        byContext.set(ctx, connection);
        log.debug({ connId: id, ip, actor: ctx.extra.actor?.name ?? null }, 'websocket connected');
        return true;
      },
      onClose: (ctx, code, reason) => {
        const connection = byContext.get(ctx);
        if (!connection) return;
        connections.delete(connection);
        log.debug({ connId: connection.id, code, reason }, 'websocket closed');
      },
      execute: (args: ExecutionArgs) => (args.rootValue as Enveloped).execute(args) as never,
      // Subscriptions: executed once per event per group of alike subscriptions (fanout.ts).
      // Their context keeps only what resolvers read (not the connection's graphql-ws state or the subscribe message).
      subscribe: (args: ExecutionArgs) =>
        fanout.subscribe(
          { ...args, rootValue: undefined, contextValue: resolverContext(args.contextValue as Context) },
          (args.rootValue as Enveloped).target,
        ) as never,
      onSubscribe: async (ctx, subscriptionId, payload) => {
        const {
          schema: envelopedSchema,
          execute,
          subscribe,
          contextFactory,
          parse,
          validate,
        } = yoga.getEnveloped({
          ...ctx,
          socket: ctx.extra.socket,
          params: payload,
          wsActor: ctx.extra.actor ?? null,
          wsIp: ctx.extra.ip ?? 'unknown',
        });
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [error as never];
        }
        const errors = validate(envelopedSchema, document);
        if (errors.length) return errors;
        const actor = ctx.extra.actor ?? null;
        const scope = scopeKey(actor);
        const target: FanoutTarget = {
          socket: ctx.extra.socket,
          id: subscriptionId,
          group: SubscriptionFanout.groupKey(payload.query, document, payload.operationName, payload.variables, scope),
        };
        return {
          schema: envelopedSchema,
          operationName: payload.operationName ?? null,
          document,
          variableValues: payload.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe, target } satisfies Enveloped,
        } as ExecutionArgs;
      },
    },
    wss,
    15_000,
    log,
  );

  return {
    async stop() {
      for (const socket of wss.clients) socket.close(1001, 'Server shutting down');
      await wsServer.dispose();
      clearInterval(expirySweep);
      stopWatching();
    },
  };
}

/** What resolvers read of the context (builder.ts's Context), apart from yoga's and graphql-ws's per-connection state. */
function resolverContext(context: Context): Context {
  const { rt, wallboard, actor, clientIp } = context;
  return { rt, wallboard, actor, clientIp };
}
