// buildApp() → { start(port), stop() }: one HTTP port for /graphql (HTTP and graphql-ws), /healthz,
// webhooks later, and the built web app.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { applyMigrations, openDatabase } from '@opsboard/db';
import type { ExecutionArgs } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { createYoga } from 'graphql-yoga';
import pino, { type Logger } from 'pino';
import sirv from 'sirv';
import { Redis } from 'ioredis';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Context } from '../graphql/builder.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { type EventRecord, EventHub } from '../platform/events.ts';
import { SLOW_CLIENT_CLOSE, type FanoutTarget, SubscriptionFanout } from './fanout.ts';
import { serveGraphqlWs } from './ws-server.ts';
import { matchRoute } from './routes.ts';
import { sendJson, sendText } from '../platform/http.ts';
import { GRAPHQL_LIMITS, graphqlLimitPlugins } from '../graphql/limits.ts';
import { clientAddress, type LimitName, limitRequest, RateLimits } from '../platform/rate-limit.ts';
import { Metrics } from '../platform/metrics.ts';
import { jobs } from './jobs.ts';
import { startJobs } from '../platform/jobs.ts';
import { createTransports, type OutboundTransports } from '../notifications/transports.ts';
import { createLocalSignal, createRedisSignal, type WakeSignal } from '../platform/pubsub.ts';
import type { Runtime } from '../platform/runtime.ts';
import type { Hooks } from '../platform/db.ts';
import { enqueueWebhookDeliveries } from '../notifications/webhooks.ts';
import { maskError } from '../graphql/errors.ts';
import { schema } from '../graphql/schema.ts';
import { type Actor, authenticate, ensureAdmin, scopeKey, TOKEN_REVOKED } from '../auth/service.ts';
import { WallboardService } from '../wallboard/service.ts';
import { seedDemo } from '../seed/demo.ts';
import { seedReferenceData } from '../seed/reference.ts';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  signal?: WakeSignal;
}

export interface App {
  rt: Runtime;
  wallboard: WallboardService;
  /** Where notifications go out (SMTP, chat, webhooks). */
  outbound: OutboundTransports;
  /** In-process GraphQL over fetch (tests). */
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
  url: string | undefined;
}

const WS_MAX_PAYLOAD = 64 * 1024;
const defaultWebDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export async function buildApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const log = options.log ?? pino({ level: config.logLevel, base: { service: 'opsboard' } });
  const db = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
  });
  let hub: EventHub | undefined;
  let limiterRedis: Redis | undefined;
  try {
    const applied = await applyMigrations(db);
    if (applied.length) log.info({ applied }, 'applied migrations');
    const signal = options.signal ?? (config.redisUrl ? await createRedisSignal(config.redisUrl, log) : createLocalSignal());
    hub = new EventHub(db.prisma, signal, config.eventPollMs, log);
    if (config.redisUrl) {
      limiterRedis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
      limiterRedis.on('error', (error) => log.warn({ err: error }, 'redis (rate limits) connection error'));
      await limiterRedis.connect();
    }
    const metrics = new Metrics();
    const hooks: Hooks = {
      afterWrite: enqueueWebhookDeliveries,
      afterCommit: () => signal.publish(),
      jobRan(job, outcome, seconds) {
        metrics.jobRuns.inc({ job, outcome });
        if (outcome === 'ran') metrics.jobDuration.observe({ job }, seconds);
      },
    };
    const rt: Runtime = {
      config,
      prisma: db.prisma,
      clock: options.clock ?? systemClock,
      log,
      hooks,
      signal,
      hub,
      dbKind: db.kind,
      metrics,
      limits: new RateLimits(config.rateLimits, limiterRedis),
    };
    const wallboard = new WallboardService(rt);
    const outbound = createTransports(rt);

    await ensureAdmin(rt);
    await seedReferenceData(rt.prisma, config.timeZone);
    if (config.demoData) {
      const seeded = await seedDemo(rt.prisma, { now: rt.clock.now() });
      if (seeded.tickets) log.info(seeded, 'seeded demo data');
    }
    await hub.start();
    wallboard.start();
    const scheduler = config.jobs ? startJobs(rt, jobs(outbound)) : undefined;
    return assemble(rt, wallboard, outbound, async () => {
      await scheduler?.stop();
      outbound.close();
      limiterRedis?.disconnect();
      await db.close();
    }, log);
  } catch (error) {
    await hub?.stop();
    limiterRedis?.disconnect();
    await db.close();
    throw error;
  }
}

function assemble(rt: Runtime, wallboard: WallboardService, outbound: OutboundTransports, closeDb: () => Promise<void>, log: Logger): App {
  const yoga = createYoga<{ wsActor?: Actor | null }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { subscriptionsProtocol: 'WS' },
    maskedErrors: { maskError },
    plugins: graphqlLimitPlugins(),
    logging: {
      debug: (...args) => log.debug(args.map(String).join(' ')),
      info: (...args) => log.info(args.map(String).join(' ')),
      warn: (...args) => log.warn(args.map(String).join(' ')),
      error: (...args) => log.error(args.map(String).join(' ')),
    },
    context: async (initial) => ({
      rt,
      wallboard,
      actor: initial.wsActor !== undefined ? initial.wsActor : await authenticate(rt, initial.request.headers.get('authorization')),
      clientIp: clientIpOf((initial as { req?: IncomingMessage }).req, rt.config.trustProxy),
    }),
  });

  const web = existsSync(rt.config.webDist ?? defaultWebDist)
    ? sirv(rt.config.webDist ?? defaultWebDist, { single: true, etag: true, setHeaders: cacheHeaders })
    : undefined;

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/graphql' || path.startsWith('/graphql/')) {
      const refusal = bodyRefusal(req);
      if (refusal) return sendJson(res, refusal.status, { errors: [{ message: refusal.message, extensions: { code: 'BAD_REQUEST' } }] });
      return void yoga.handle(req, res);
    }
    const matched = matchRoute(req.method ?? 'GET', path);
    if (matched === 'method-not-allowed') return sendText(res, 405, 'method not allowed\n');
    const limit = limitFor(path);
    if (limit && !(await limitRequest(rt, limit, req, res))) return;
    if (matched) return matched.route.handle(rt, req, res, matched.params);
    if (limit) return sendJson(res, 404, { error: 'not found' });
    if (web) return web(req, res, () => sendText(res, 404, 'not found\n'));
    sendText(res, 503, 'The web app is not built yet: run `pnpm build` (or `pnpm start`, which builds it).\n');
  }

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routeLabel(req.method ?? 'GET', path);
      rt.metrics.httpDuration.observe({ route, method: req.method ?? 'GET', status: String(res.statusCode) }, seconds);
      const entry = { reqId: requestId, method: req.method, path, status: res.statusCode, ms: Math.round(seconds * 1000), ip: clientAddress(req, rt.config.trustProxy) };
      if (route === 'web' || route === '/healthz' || route === '/metrics') log.debug(entry, 'request');
      else log.info(entry, 'request');
    });
    handle(req, res, path).catch((error: unknown) => {
      log.error({ err: error, reqId: requestId }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });
  // No per-message compression: subscription frames are prepared once, whole (fanout.ts).
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: WS_MAX_PAYLOAD, perMessageDeflate: false });
  const fanout = new SubscriptionFanout({
    maxBufferedBytes: rt.config.wsMaxBufferedBytes,
    onSlowSocket: (socket, bufferedBytes) => {
      const connection = [...connections].find((c) => c.socket === socket);
      rt.metrics.slowClientsClosed.inc();
      log.warn({ connId: connection?.id, bufferedBytes, code: SLOW_CLIENT_CLOSE }, 'websocket closed: the client is not keeping up');
    },
  });
  type Extra = { actor?: Actor | null; connectionId?: string };
  type Connection = { socket: WebSocket; actor: Actor | null; id: string; subscriptions: Record<string, unknown> };
  const connections = new Set<Connection>();
  const byContext = new WeakMap<object, Connection>();

  /** Closes sockets whose token was revoked (on any instance) or has expired. */
  function closeUnauthorised(batch: EventRecord[]): void {
    const revoked = new Set(batch.filter((e) => e.type === TOKEN_REVOKED && e.entityId).map((e) => e.entityId));
    const now = rt.clock.now();
    for (const connection of connections) {
      const { actor } = connection;
      if (!actor) continue;
      const reason = revoked.has(actor.tokenId) ? 'Forbidden: token revoked' : actor.expiresAt && actor.expiresAt <= now ? 'Forbidden: token expired' : null;
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
  rt.hub.onDelivered = (count) => rt.metrics.eventsDelivered.inc(count);
  rt.metrics.attach({
    openConnections: () => connections.size,
    openSubscriptions: () => [...connections].reduce((sum, c) => sum + Object.keys(c.subscriptions).length, 0),
    rateLimited: () => ({ ...rt.limits.refused }),
    subscriptionExecutions: () => fanout.executions,
    subscriptionMessages: () => fanout.sent,
  });

  const wsServer = serveGraphqlWs<Record<string, unknown> | undefined, Extra>(
    {
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx: WsContext<Record<string, unknown> | undefined, Extra & { request: IncomingMessage; socket: WebSocket }>) => {
        const authorization = ctx.connectionParams?.authorization;
        const id = requestIdOf(ctx.extra.request);
        try {
          ctx.extra.actor = await authenticate(rt, typeof authorization === 'string' ? authorization : null);
        } catch {
          log.info({ connId: id, ip: clientAddress(ctx.extra.request, rt.config.trustProxy) }, 'websocket refused: bad token');
          return false; // closes with 4403 Forbidden
        }
        const connection: Connection = { socket: ctx.extra.socket, actor: ctx.extra.actor, id, subscriptions: ctx.subscriptions };
        ctx.extra.connectionId = id;
        connections.add(connection);
        byContext.set(ctx, connection);
        log.debug({ connId: id, ip: clientAddress(ctx.extra.request, rt.config.trustProxy), actor: ctx.extra.actor?.name ?? null }, 'websocket connected');
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
      subscribe: (args: ExecutionArgs) => fanout.subscribe({ ...args, rootValue: undefined }, (args.rootValue as Enveloped).target) as never,
      onSubscribe: async (ctx, subscriptionId, payload) => {
        const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          wsActor: ctx.extra.actor ?? null,
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
        const target: FanoutTarget = { socket: ctx.extra.socket, id: subscriptionId, group: SubscriptionFanout.groupKey(payload.query, document, payload.operationName, payload.variables, scope) };
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

  const app: App = {
    rt,
    wallboard,
    outbound,
    url: undefined,
    fetch: (url, init) => Promise.resolve(yoga.fetch(new URL(url), init ?? {})),
    start(port = rt.config.port, host = rt.config.host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          app.url = `http://${shown}:${address.port}`;
          resolve(app.url);
        });
      });
    },
    async stop() {
      // Stop taking connections, tell WebSocket clients we are going away (they reconnect
      // elsewhere and resume from their last event id), let in-flight requests finish.
      const closed = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
      for (const socket of wss.clients) socket.close(1001, 'Server shutting down');
      await wsServer.dispose();
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(force);
      clearInterval(expirySweep);
      stopWatching();
      wallboard.stop();
      await rt.hub.stop();
      await rt.signal.close();
      await closeDb();
    },
  };
  return app;
}

/** Refuses GraphQL bodies over the limit before yoga reads them; a POST must say its length. */
function bodyRefusal(req: IncomingMessage): { status: number; message: string } | undefined {
  if (req.method !== 'POST') return undefined;
  const length = req.headers['content-length'];
  if (length === undefined) return { status: 411, message: 'A POST to /graphql needs a Content-Length header' };
  if (Number(length) > GRAPHQL_LIMITS.bodyBytes) return { status: 413, message: `The request body is larger than ${GRAPHQL_LIMITS.bodyBytes} bytes` };
  return undefined;
}

function clientIpOf(req: IncomingMessage | undefined, trustProxy: boolean): string {
  return req ? clientAddress(req, trustProxy) : 'unknown';
}

/** Public endpoints that anyone can call get a rate limit per client address. */
function limitFor(path: string): LimitName | undefined {
  if (path.startsWith('/webhooks/')) return 'webhooks';
  if (path === '/csat' || path.startsWith('/csat/')) return 'csat';
  if (path === '/status' || path === '/status.json') return 'status';
  return undefined;
}

function routeLabel(method: string, path: string): string {
  if (path === '/graphql' || path.startsWith('/graphql/')) return '/graphql';
  const matched = matchRoute(method, path);
  if (matched && matched !== 'method-not-allowed') return typeof matched.route.path === 'string' ? matched.route.path : matched.route.path.source;
  if (path.startsWith('/webhooks/')) return '/webhooks/*';
  return 'web';
}

/** The caller's X-Request-Id when it looks like one, a new id otherwise. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
}

type Enveloped = { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown; target: FanoutTarget };

function cacheHeaders(res: ServerResponse, pathname: string): void {
  res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
}
