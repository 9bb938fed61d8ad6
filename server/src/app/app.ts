// buildApp() → { start(port), stop() }: the composition root. It opens the database, wires the
// platform's hooks to the domains, builds yoga on the assembled schema, and serves HTTP and
// graphql-ws on one port (http.ts, websocket.ts), with the scheduled jobs.
import { GraphQLError } from 'graphql';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyMigrations, openDatabase } from '@opsboard/db';
import { createYoga } from 'graphql-yoga';
import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { type Actor, authenticate, ensureAdmin } from '../auth/service.ts';
import type { Context } from '../graphql/builder.ts';
import { maskError, toGraphQLError, useDomainErrors } from '../graphql/errors.ts';
import { useInputLimits } from '../graphql/input-limits.ts';
import { graphqlLimitPlugins, useWebSocketSubscriptionsOnly } from '../graphql/limits.ts';
import { schema } from '../graphql/schema.ts';
import { type ImapWatcher, startImapWatcher } from '../intake/imap.ts';
import { createTransports, type OutboundTransports } from '../notifications/transports.ts';
import { enqueueWebhookDeliveries } from '../notifications/webhooks.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import type { Hooks } from '../platform/db.ts';
import { EventHub } from '../platform/events.ts';
import { startJobs } from '../platform/jobs.ts';
import { Metrics } from '../platform/metrics.ts';
import { Outbound, type ResolveHost } from '../platform/outbound.ts';
import { createLocalSignal, createRedisSignal, type WakeSignal } from '../platform/pubsub.ts';
import { clientAddress, RateLimits } from '../platform/rate-limit.ts';
import type { Runtime } from '../platform/runtime.ts';
import { seedDemo } from '../seed/demo.ts';
import { seedReferenceData } from '../seed/reference.ts';
import { WallboardService } from '../wallboard/service.ts';
import { graphiqlSide } from './graphiql.ts';
import { createHttpServer } from './http.ts';
import { jobs } from './jobs.ts';
import { corsFor } from './security.ts';
import { serveWebSocket } from './websocket.ts';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  signal?: WakeSignal;
  /** How outgoing requests resolve host names (tests inject names of their own). */
  resolveHost?: ResolveHost;
}

export interface App {
  rt: Runtime;
  wallboard: WallboardService;
  /** Where notifications go out (SMTP, chat, webhooks). */
  outbound: OutboundTransports;
  /** The support mailbox watcher, when IMAP_URL is set. */
  imap: ImapWatcher | undefined;
  /** In-process GraphQL over fetch (tests). */
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
  url: string | undefined;
}

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
      afterCommit: (events) => {
        signal.publish();
        // Counted once committed, on the instance that recorded them (a rolled-back sweep counts nothing).
        for (const event of events) {
          if (event.type !== 'SLA_BREACHED') continue;
          const { kind, priority } = event.payload as { kind?: unknown; priority?: unknown };
          metrics.slaBreached(String(kind), typeof priority === 'string' ? priority : null);
        }
      },
      jobRan: (job, outcome, seconds) => metrics.jobRan(job, outcome, seconds),
      notificationOutcome: (outcome) => metrics.notificationOutcomes.inc({ outcome }),
      rowsDeleted: (table, count) => metrics.rowsDeleted.inc({ table }, count),
    };
    const rt: Runtime = {
      config,
      prisma: db.prisma,
      clock: options.clock ?? systemClock,
      log,
      hooks,
      outbound: new Outbound(config.allowedTargets, options.resolveHost),
      signal,
      hub,
      dbKind: db.kind,
      metrics,
      limits: new RateLimits(config.rateLimits, limiterRedis),
      statuses: new Map(),
    };
    const wallboard = new WallboardService(rt);
    const outbound = createTransports(rt);

    await ensureAdmin(rt);
    await seedReferenceData(rt.prisma, config.timeZone);
    if (config.demoData) {
      const seeded = await seedDemo(rt.prisma, { now: rt.clock.now(), timeZone: config.timeZone });
      if (seeded.tickets) log.info(seeded, 'seeded demo data');
    }
    await hub.start();
    wallboard.start();
    const scheduler = config.jobs ? startJobs(rt, jobs(outbound)) : undefined;
    const imap = config.imap ? startImapWatcher(rt, config.imap) : undefined;
    return assemble(
      rt,
      wallboard,
      outbound,
      imap,
      async () => {
        await imap?.stop();
        await scheduler?.stop();
        outbound.close();
        await rt.outbound.close();
        limiterRedis?.disconnect();
        await db.close();
      },
      log,
    );
  } catch (error) {
    await hub?.stop();
    limiterRedis?.disconnect();
    await db.close();
    throw error;
  }
}

function assemble(
  rt: Runtime,
  wallboard: WallboardService,
  outbound: OutboundTransports,
  imap: ImapWatcher | undefined,
  closeDb: () => Promise<void>,
  log: Logger,
): App {
  const graphiql = rt.config.graphiql ? graphiqlSide(rt.config) : undefined;
  const yoga = createYoga<{ wsActor?: Actor | null; wsIp?: string }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    cors: corsFor(rt.config),
    graphiql: graphiql ? { subscriptionsProtocol: 'WS' } : false,
    ...(graphiql ? { renderGraphiQL: graphiql.renderGraphiQL } : {}),
    maskedErrors: { maskError },
    plugins: [...graphqlLimitPlugins(), useWebSocketSubscriptionsOnly(), useInputLimits(), useDomainErrors(), ...(graphiql ? [graphiql.plugin] : [])],
    logging: {
      debug: (...args) => log.debug(args.map(String).join(' ')),
      info: (...args) => log.info(args.map(String).join(' ')),
      warn: (...args) => log.warn(args.map(String).join(' ')),
      error: (...args) => log.error(args.map(String).join(' ')),
    },
    context: async (initial) => ({
      rt,
      wallboard,
      actor:
        initial.wsActor !== undefined
          ? initial.wsActor
          : await authenticate(rt, initial.request.headers.get('authorization')).catch((error: unknown) => {
              // A bad, revoked or expired token is refused as such: 401, whatever the client accepts.
              const mapped = toGraphQLError(error) as GraphQLError;
              if (!(mapped instanceof GraphQLError) || mapped.extensions.code !== 'UNAUTHENTICATED') throw mapped;
              throw new GraphQLError(mapped.message, {
                extensions: { ...mapped.extensions, http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
              });
            }),
      clientIp: initial.wsIp ?? clientIpOf((initial as { req?: IncomingMessage }).req, rt.config.trustProxy),
    }),
  });

  const server = createHttpServer(rt, (req, res) => yoga.handle(req, res), log);
  const websocket = serveWebSocket(rt, server, yoga, log);

  const app: App = {
    rt,
    wallboard,
    outbound,
    imap,
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
      await websocket.stop();
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(force);
      wallboard.stop();
      await rt.hub.stop();
      await rt.signal.close();
      await closeDb();
    },
  };
  return app;
}

function clientIpOf(req: IncomingMessage | undefined, trustProxy: boolean): string {
  return req ? clientAddress(req, trustProxy) : 'unknown';
}
