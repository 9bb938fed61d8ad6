import { builder } from '../graphql/builder.ts';
import type { Wallboard as WallboardShape, WallboardTicket as WallboardTicketShape, WallboardUpdate as WallboardUpdateShape } from './service.ts';
import { ChannelEnum, PriorityEnum, TicketStatusEnum } from '../graphql/enums.ts';
import { Event, eventCursor } from '../graphql/events.ts';
import { assertEventsKept } from '../platform/events.ts';
import { SlaClockKindEnum, SlaClockStateEnum } from '../sla/schema.ts';
import { IncidentStatusEnum, TimelineEntryKindEnum } from '../incidents/schema.ts';
import { OnCallPerson } from '../oncall/schema.ts';
import { PageStepEnum } from '../paging/schema.ts';
import { HealthCheckStatusEnum } from '../healthchecks/schema.ts';

const WallboardTicket = builder.objectRef<WallboardTicketShape>('WallboardTicket').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    title: t.exposeString('title'),
    channel: t.field({ type: ChannelEnum, resolve: (w) => w.channel }),
    status: t.field({ type: TicketStatusEnum, resolve: (w) => w.status }),
    priority: t.field({ type: PriorityEnum, nullable: true, resolve: (w) => w.priority }),
    createdAt: t.field({ type: 'DateTime', resolve: (w) => w.createdAt }),
    ownerName: t.exposeString('ownerName', { nullable: true }),
  }),
});

const PriorityCount = builder.objectRef<{ priority: WallboardShape['openByPriority'][number]['priority']; count: number }>('PriorityCount').implement({
  fields: (t) => ({
    priority: t.field({ type: PriorityEnum, resolve: (p) => p.priority }),
    count: t.exposeInt('count'),
  }),
});

const AgeBucket = builder.objectRef<WallboardShape['queueAge']['buckets'][number]>('AgeBucket').implement({
  fields: (t) => ({
    label: t.exposeString('label'),
    minHours: t.exposeFloat('minHours'),
    maxHours: t.exposeFloat('maxHours', { nullable: true }),
    count: t.exposeInt('count'),
  }),
});

const QueueAge = builder.objectRef<WallboardShape['queueAge']>('QueueAge').implement({
  fields: (t) => ({
    oldestUnanswered: t.field({
      type: WallboardTicket,
      nullable: true,
      description: 'The open ticket waiting longest for a first response',
      resolve: (q) => q.oldestUnanswered,
    }),
    buckets: t.field({ type: [AgeBucket], description: 'Open tickets without a first response, by age', resolve: (q) => q.buckets }),
  }),
});

const WallboardSlaClock = builder.objectRef<WallboardShape['sla']['soonest'][number]>('WallboardSlaClock').implement({
  fields: (t) => ({
    clockId: t.exposeID('clockId'),
    ticketId: t.exposeID('ticketId'),
    ticketNumber: t.exposeString('ticketNumber'),
    title: t.exposeString('title'),
    priority: t.field({ type: PriorityEnum, nullable: true, resolve: (c) => c.priority }),
    kind: t.field({ type: SlaClockKindEnum, resolve: (c) => c.kind }),
    state: t.field({ type: SlaClockStateEnum, resolve: (c) => c.state }),
    dueAt: t.field({ type: 'DateTime', resolve: (c) => c.dueAt }),
  }),
});

const WallboardSla = builder.objectRef<WallboardShape['sla']>('WallboardSla').implement({
  fields: (t) => ({
    atRisk: t.exposeInt('atRisk', { description: 'Clocks at risk (75 % of the target used) on open tickets' }),
    breached: t.exposeInt('breached', { description: 'Breached clocks on open tickets' }),
    soonest: t.field({ type: [WallboardSlaClock], description: 'Running clocks of open tickets, soonest due first', resolve: (s) => s.soonest }),
  }),
});

const WallboardOnCall = builder.objectRef<NonNullable<WallboardShape['onCall']>>('WallboardOnCall').implement({
  fields: (t) => ({
    rotationName: t.exposeString('rotationName'),
    now: t.field({ type: OnCallPerson, nullable: true, resolve: (o) => o.now }),
    next: t.field({ type: OnCallPerson, nullable: true, resolve: (o) => o.next }),
    nextHandoffAt: t.field({ type: 'DateTime', nullable: true, resolve: (o) => o.nextHandoffAt }),
  }),
});

const WallboardTimelineEntry = builder.objectRef<WallboardShape['activeIncidents'][number]['lastEntries'][number]>('WallboardTimelineEntry').implement({
  fields: (t) => ({
    kind: t.field({ type: TimelineEntryKindEnum, resolve: (e) => e.kind }),
    body: t.exposeString('body'),
    authorName: t.exposeString('authorName', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (e) => e.createdAt }),
  }),
});

const WallboardIncident = builder.objectRef<WallboardShape['activeIncidents'][number]>('WallboardIncident').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeInt('number'),
    title: t.exposeString('title'),
    severity: t.field({ type: PriorityEnum, resolve: (i) => i.severity }),
    status: t.field({ type: IncidentStatusEnum, resolve: (i) => i.status }),
    commanderName: t.exposeString('commanderName', { nullable: true }),
    declaredAt: t.field({ type: 'DateTime', resolve: (i) => i.declaredAt }),
    nextUpdateDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The sooner of the next internal and status page update',
      resolve: (i) => i.nextUpdateDueAt,
    }),
    monitoringUntil: t.field({ type: 'DateTime', nullable: true, resolve: (i) => i.monitoringUntil }),
    lastEntries: t.field({ type: [WallboardTimelineEntry], description: 'The last 3 timeline entries, oldest first', resolve: (i) => i.lastEntries }),
  }),
});

const WallboardPostmortem = builder.objectRef<WallboardShape['overduePostmortems'][number]>('WallboardPostmortem').implement({
  fields: (t) => ({
    incidentId: t.exposeID('incidentId'),
    number: t.exposeInt('number'),
    title: t.exposeString('title'),
    dueAt: t.field({ type: 'DateTime', resolve: (p) => p.dueAt }),
  }),
});

const WallboardHealthCheck = builder.objectRef<WallboardShape['health'][number]>('WallboardHealthCheck').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    status: t.field({ type: HealthCheckStatusEnum, resolve: (h) => h.status }),
    uptime24h: t.exposeFloat('uptime24h', { nullable: true }),
    lastLatencyMs: t.exposeInt('lastLatencyMs', { nullable: true }),
    lastCheckedAt: t.field({ type: 'DateTime', nullable: true, resolve: (h) => h.lastCheckedAt }),
    downSince: t.field({ type: 'DateTime', nullable: true, resolve: (h) => h.downSince }),
  }),
});

const WallboardPage = builder.objectRef<WallboardShape['unacknowledgedPages'][number]>('WallboardPage').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    reason: t.exposeString('reason'),
    step: t.field({ type: PageStepEnum, resolve: (p) => p.step }),
    suggested: t.exposeBoolean('suggested'),
    targetName: t.exposeString('targetName', { nullable: true, description: 'Who is asked now; null when nobody could be paged' }),
    createdAt: t.field({ type: 'DateTime', resolve: (p) => p.createdAt }),
    ticketNumber: t.exposeString('ticketNumber', { nullable: true }),
    incidentNumber: t.exposeInt('incidentNumber', { nullable: true }),
  }),
});

const Wallboard = builder.objectRef<WallboardShape>('Wallboard').implement({
  description: 'Aggregates for the TV wallboard, computed once per change on the server and shared by every display.',
  fields: (t) => ({
    generatedAt: t.field({ type: 'DateTime', resolve: (w) => w.generatedAt }),
    lastEventId: t.id({ description: 'Newest event reflected in this snapshot', resolve: (w) => w.lastEventId.toString() }),
    openTotal: t.exposeInt('openTotal'),
    untriaged: t.exposeInt('untriaged', { description: 'Open tickets without a priority yet' }),
    openByPriority: t.field({ type: [PriorityCount], description: 'Open tickets per priority, always P0..P3 in that order', resolve: (w) => w.openByPriority }),
    queueAge: t.field({ type: QueueAge, resolve: (w) => w.queueAge }),
    newestTickets: t.field({ type: [WallboardTicket], description: 'The 10 newest open tickets, newest first', resolve: (w) => w.newestTickets }),
    sla: t.field({ type: WallboardSla, resolve: (w) => w.sla }),
    activeIncidents: t.field({ type: [WallboardIncident], description: 'Open war rooms, P0 first', resolve: (w) => w.activeIncidents }),
    overduePostmortems: t.field({ type: [WallboardPostmortem], description: 'Draft post-mortems past their 48 h', resolve: (w) => w.overduePostmortems }),
    onCall: t.field({ type: WallboardOnCall, nullable: true, description: 'The default rotation: on call now and next', resolve: (w) => w.onCall }),
    unacknowledgedPages: t.field({
      type: [WallboardPage],
      description: 'Pages nobody has acknowledged yet, oldest first: who is asked and since when',
      resolve: (w) => w.unacknowledgedPages,
    }),
    health: t.field({ type: [WallboardHealthCheck], description: 'Service health checks by name: status and 24 h uptime', resolve: (w) => w.health }),
  }),
});

const WallboardUpdate = builder.objectRef<WallboardUpdateShape>('WallboardUpdate').implement({
  description: 'First message: the current wallboard plus the events after `after` (newest 50 at most); then one message per change batch.',
  fields: (t) => ({
    wallboard: t.field({ type: Wallboard, resolve: (u) => u.wallboard }),
    events: t.field({ type: [Event], resolve: (u) => u.events }),
  }),
});

builder.queryField('wallboard', (t) =>
  t.field({
    type: Wallboard,
    // The one thing a display token reads.
    skipTypeScopes: true,
    authScopes: { wallboard: true },
    resolve: async (_root, _args, ctx) => {
      await ctx.rt.hub.poll(); // see our own writes
      return ctx.wallboard.current();
    },
  }),
);

builder.subscriptionField('wallboard', (t) =>
  t.field({
    type: WallboardUpdate,
    skipTypeScopes: true,
    authScopes: { wallboard: true },
    args: { after: t.arg.id() },
    description:
      'Resume with `after` = the last event id seen; an `after` older than the events kept fails with EVENTS_EXPIRED (subscribe without it for a fresh wallboard).',
    subscribe: async (_root, args, ctx) => {
      const after = eventCursor(args.after);
      await assertEventsKept(ctx.rt.prisma, after);
      return ctx.wallboard.subscribe(after);
    },
    resolve: (update) => update,
  }),
);
