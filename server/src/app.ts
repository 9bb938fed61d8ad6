// buildApp() → { start(port), stop() }: one HTTP port for /graphql (HTTP and graphql-ws), /healthz,
// webhooks later, and the built web app.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { applyMigrations, openDatabase } from '@opsboard/db';
import type { ExecutionArgs } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga } from 'graphql-yoga';
import pino, { type Logger } from 'pino';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import type { Context } from './builder.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { EventHub } from './events.ts';
import { matchRoute } from './http/routes.ts';
import { sendText } from './http/respond.ts';
import { jobs } from './jobs/index.ts';
import { startJobs } from './jobs/scheduler.ts';
import { createTransports } from './notify/transports.ts';
import { createLocalSignal, createRedisSignal, type WakeSignal } from './pubsub.ts';
import type { Runtime } from './runtime.ts';
import { schema } from './schema/index.ts';
import { type Actor, authenticate, ensureAdmin } from './services/auth.ts';
import { WallboardService } from './services/wallboard.ts';
import { seedDemo } from './seed/demo.ts';
import { seedReferenceData } from './seed/reference.ts';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  signal?: WakeSignal;
}

export interface App {
  rt: Runtime;
  /** In-process GraphQL over fetch (tests). */
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
  url: string | undefined;
}

const WS_MAX_PAYLOAD = 64 * 1024;
const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

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
  try {
    const applied = await applyMigrations(db);
    if (applied.length) log.info({ applied }, 'applied migrations');
    const signal = options.signal ?? (config.redisUrl ? await createRedisSignal(config.redisUrl, log) : createLocalSignal());
    hub = new EventHub(db.prisma, signal, config.eventPollMs, log);
    const rt = {
      config,
      prisma: db.prisma,
      clock: options.clock ?? systemClock,
      log,
      signal,
      hub,
      dbKind: db.kind,
    } as Omit<Runtime, 'wallboard' | 'outbound'> as Runtime;
    rt.wallboard = new WallboardService(rt);
    rt.outbound = createTransports(rt);

    await ensureAdmin(rt);
    await seedReferenceData(rt.prisma, config.timeZone);
    if (config.demoData) {
      const seeded = await seedDemo(rt.prisma, { now: rt.clock.now() });
      if (seeded.tickets) log.info(seeded, 'seeded demo data');
    }
    await hub.start();
    rt.wallboard.start();
    const scheduler = config.jobs ? startJobs(rt, jobs) : undefined;
    return assemble(rt, async () => {
      await scheduler?.stop();
      rt.outbound.close();
      await db.close();
    }, log);
  } catch (error) {
    await hub?.stop();
    await db.close();
    throw error;
  }
}

function assemble(rt: Runtime, closeDb: () => Promise<void>, log: Logger): App {
  const yoga = createYoga<{ wsActor?: Actor | null }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { subscriptionsProtocol: 'WS' },
    maskedErrors: true,
    logging: {
      debug: (...args) => log.debug(args.map(String).join(' ')),
      info: (...args) => log.info(args.map(String).join(' ')),
      warn: (...args) => log.warn(args.map(String).join(' ')),
      error: (...args) => log.error(args.map(String).join(' ')),
    },
    context: async (initial) => ({
      rt,
      actor: initial.wsActor !== undefined ? initial.wsActor : await authenticate(rt, initial.request.headers.get('authorization')),
    }),
  });

  const web = existsSync(rt.config.webDist ?? defaultWebDist)
    ? sirv(rt.config.webDist ?? defaultWebDist, { single: true, etag: true, setHeaders: cacheHeaders })
    : undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/graphql' || path.startsWith('/graphql/')) return void yoga.handle(req, res);
    const matched = matchRoute(req.method ?? 'GET', path);
    if (matched === 'method-not-allowed') return sendText(res, 405, 'method not allowed\n');
    if (matched) return matched.route.handle(rt, req, res, matched.params);
    if (web) return web(req, res, () => sendText(res, 404, 'not found\n'));
    sendText(res, 503, 'The web app is not built yet: run `pnpm build` (or `pnpm start`, which builds it).\n');
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: WS_MAX_PAYLOAD });
  type Extra = { actor?: Actor | null };

  const wsServer = useServer<Record<string, unknown> | undefined, Extra>(
    {
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx: WsContext<Record<string, unknown> | undefined, Extra & { request: IncomingMessage }>) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          ctx.extra.actor = await authenticate(rt, typeof authorization === 'string' ? authorization : null);
          return true;
        } catch {
          return false; // closes with 4403 Forbidden
        }
      },
      execute: (args: ExecutionArgs) => (args.rootValue as Enveloped).execute(args) as never,
      subscribe: (args: ExecutionArgs) => (args.rootValue as Enveloped).subscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
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
        return {
          schema: envelopedSchema,
          operationName: payload.operationName ?? null,
          document,
          variableValues: payload.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        } as ExecutionArgs;
      },
    },
    wss,
    15_000,
  );
  wss.on('error', (error) => log.warn({ err: error }, 'websocket server error'));

  const app: App = {
    rt,
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
      rt.wallboard.stop();
      await rt.hub.stop();
      await rt.signal.close();
      await closeDb();
    },
  };
  return app;
}

type Enveloped = { execute: (args: ExecutionArgs) => unknown; subscribe: (args: ExecutionArgs) => unknown };

function cacheHeaders(res: ServerResponse, pathname: string): void {
  res.setHeader('cache-control', pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
}
