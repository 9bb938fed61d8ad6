import { scopesOf } from '../auth/service.ts';
import { builder } from './builder.ts';
import { fieldError } from '../platform/errors.ts';
import { assertEventsKept, type EventRecord, EventIdError, parseEventId, streamEvents, TOPICS } from '../platform/events.ts';

export const Event = builder.objectRef<EventRecord>('Event').implement({
  description: 'Something that happened. Ids increase; resume a stream with `after` set to the last id you saw.',
  fields: (t) => ({
    id: t.id({ resolve: (e) => e.id.toString() }),
    topic: t.exposeString('topic'),
    type: t.exposeString('type', { description: 'e.g. TICKET_CREATED, TICKET_UPDATED, SLA_AT_RISK, SLA_BREACHED' }),
    createdAt: t.field({ type: 'DateTime', resolve: (e) => e.createdAt }),
    entityType: t.exposeString('entityType', { nullable: true }),
    entityId: t.exposeString('entityId', { nullable: true }),
    payload: t.field({
      type: 'JSON',
      description: 'The changed entity as it is after the change; for a display token only the ticket or incident number it names',
      // Subscriptions share executions only between equal scopes (scopeKey), so this may depend on them.
      resolve: (e, _args, ctx) => (scopesOf(ctx.actor).reader ? e.payload : numbersOnly(e.payload)),
    }),
  }),
});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What a wallboard's activity ticker needs of a payload (which ticket or incident), without the rest:
 * payloads carry people's addresses and the words of the correspondence.
 */
export function numbersOnly(payload: unknown): Record<string, unknown> | null {
  if (!isRecord(payload)) return null;
  const out: Record<string, unknown> = {};
  for (const key of ['number', 'ticketNumber'] as const) if (typeof payload[key] === 'string' || typeof payload[key] === 'number') out[key] = payload[key];
  for (const key of ['ticket', 'incident'] as const) {
    const inner = payload[key];
    if (isRecord(inner) && (typeof inner.number === 'string' || typeof inner.number === 'number')) out[key] = { number: inner.number };
  }
  return out;
}

/** Reads an `after` argument, turning a malformed one into a clear GraphQL error. */
export function eventCursor(value: string | number | null | undefined): bigint | undefined {
  try {
    return parseEventId(value === null || value === undefined ? value : String(value));
  } catch (error) {
    if (error instanceof EventIdError) throw fieldError(error.field, error.reason);
    throw error;
  }
}

builder.subscriptionFields((t) => ({
  events: t.field({
    type: Event,
    authScopes: { reader: true },
    description: `The event stream: with \`after\`, every event with a greater id first (\`after: "0"\` replays everything kept), then live, in id order, with no gaps and no duplicates. Events older than the retention period are deleted: an \`after\` below what is kept fails with EVENTS_EXPIRED (load afresh, then subscribe without it). Topics: ${TOPICS.join(', ')}.`,
    args: { after: t.arg.id(), topics: t.arg.stringList() },
    subscribe: async (_root, args, ctx) => {
      const unknown = args.topics?.filter((topic) => !(TOPICS as readonly string[]).includes(topic)) ?? [];
      if (unknown.length)
        throw fieldError('topics', `unknown topic ${unknown.map((u) => JSON.stringify(u.slice(0, 40))).join(', ')} (known: ${TOPICS.join(', ')})`);
      const after = eventCursor(args.after);
      await assertEventsKept(ctx.rt.prisma, after);
      return streamEvents(ctx.rt.prisma, ctx.rt.hub, { after, topics: args.topics ?? undefined });
    },
    resolve: (event) => event,
  }),
}));
