// The peer: what a user would build with the same libraries — graphql-yoga, graphql-ws's stock
// `useServer` on `ws`, and a pubsub — serving a comparable `events` subscription, executed for every
// subscriber. Fed like opsboard: the writer's rows in PostgreSQL, announced on Redis.
import { createServer } from 'node:http';
import { GraphQLScalarType } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createPubSub, createSchema, createYoga, filter, pipe, type YogaInitialContext } from 'graphql-yoga';
import { Redis } from 'ioredis';
import pg from 'pg';
import { WebSocketServer } from 'ws';

interface EventRow {
  id: string;
  topic: string;
  type: string;
  createdAt: Date;
  entityType: string | null;
  entityId: string | null;
  payload: unknown;
}

const port = Number(process.env.PORT ?? 4100);
const pubSub = createPubSub<{ event: [EventRow] }>();

const schema = createSchema<YogaInitialContext>({
  typeDefs: /* GraphQL */ `
    scalar JSON
    type Event {
      id: ID!
      topic: String!
      type: String!
      createdAt: String!
      entityType: String
      entityId: String
      payload: JSON!
    }
    type Query {
      ok: Boolean!
    }
    type Subscription {
      events(after: ID, topics: [String!]): Event!
    }
  `,
  resolvers: {
    JSON: new GraphQLScalarType({ name: 'JSON', serialize: (value) => value }),
    Query: { ok: () => true },
    Event: { createdAt: (row: EventRow) => row.createdAt.toISOString() },
    Subscription: {
      events: {
        subscribe: (_: unknown, args: { topics?: string[] | null }) =>
          pipe(
            pubSub.subscribe('event'),
            filter((row: EventRow) => !args.topics || args.topics.includes(row.topic)),
          ),
        resolve: (row: EventRow) => row,
      },
    },
  },
});

type Enveloped = ReturnType<ReturnType<typeof createYoga>['getEnveloped']>;
const yoga = createYoga({ schema, graphiql: false, logging: false });
const server = createServer(yoga);
const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });

// graphql-yoga's recipe for graphql-ws (https://the-guild.dev/graphql/yoga-server/docs/features/subscriptions).
useServer(
  {
    execute: (args) => (args.rootValue as Enveloped).execute(args),
    subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
    onSubscribe: async (ctx, _id, params) => {
      const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
        ...ctx,
        req: ctx.extra.request,
        socket: ctx.extra.socket,
        params,
      });
      const args = {
        schema,
        operationName: params.operationName,
        document: parse(params.query),
        variableValues: params.variables,
        contextValue: await contextFactory(),
        rootValue: { execute, subscribe },
      };
      const errors = validate(args.schema, args.document);
      if (errors.length) return errors;
      return args;
    },
  },
  wss,
);

// New rows are read after each announcement, in id order, and published one by one.
const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
await db.connect();
let cursor = (await db.query<{ id: string | null }>('SELECT max(id)::text AS id FROM "Event"')).rows[0]?.id ?? '0';
let reading = false;
let again = false;
async function readNew(): Promise<void> {
  if (reading) {
    again = true;
    return;
  }
  reading = true;
  try {
    do {
      again = false;
      const { rows } = await db.query<EventRow>(
        'SELECT id::text AS id, topic, type, "createdAt", "entityType", "entityId", payload FROM "Event" WHERE id > $1 ORDER BY id',
        [cursor],
      );
      for (const row of rows) pubSub.publish('event', row);
      cursor = rows.at(-1)?.id ?? cursor;
    } while (again);
  } finally {
    reading = false;
  }
}
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
await redis.subscribe('opsboard:events');
redis.on('message', () => void readNew().catch((error: unknown) => console.error(error)));

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
