import { IncidentRoleKind, IncidentStatus, PostmortemStatus, ResolutionKind, TimelineEntryKind } from '@opsboard/db';
import { builder, type Context } from '../graphql/builder.ts';
import { notFound } from '../platform/errors.ts';
import { type EventRecord, streamEvents } from '../platform/events.ts';
import { CHECKLIST, type EntrySnapshot, publicTitleOf, TIMELINE_EVENT_TYPES } from './model.ts';
import { assignIncidentRole, declareIncident, handOverIncidentCommand, linkIncidentTicket, setIncidentStatus } from './service.ts';
import { addTimelineEntry, editTimelineEntry, setChecklistItem, setIncidentCadence, setIncidentPublicTitle } from './timeline.ts';
import { updatePostmortem } from './postmortems.ts';
import { PriorityEnum } from '../graphql/enums.ts';
import { eventCursor } from '../graphql/events.ts';
import { isUuid } from '../platform/validation.ts';

export const IncidentStatusEnum = builder.enumType(IncidentStatus, { name: 'IncidentStatus' });
export const TimelineEntryKindEnum = builder.enumType(TimelineEntryKind, { name: 'TimelineEntryKind' });
const ResolutionKindEnum = builder.enumType(ResolutionKind, { name: 'ResolutionKind', description: 'Fix or rollback' });
const PostmortemStatusEnum = builder.enumType(PostmortemStatus, { name: 'PostmortemStatus' });
const IncidentRoleKindEnum = builder.enumType(IncidentRoleKind, { name: 'IncidentRoleKind' });
const IncidentRoleNameEnum = builder.enumType('IncidentRoleName', {
  values: ['INCIDENT_COMMANDER', ...Object.values(IncidentRoleKind)] as const,
  description: 'A role to give; there is exactly one INCIDENT_COMMANDER at a time',
});
const WriteableEntryKindEnum = builder.enumType('TimelineEntryInputKind', { values: ['NOTE', 'ACTION', 'INTERNAL_UPDATE', 'STATUS_PAGE_UPDATE'] as const });

const secondsUntil = (at: Date | null, now: Date) => (at ? Math.round((at.getTime() - now.getTime()) / 1000) : null);

builder.prismaObject('IncidentRole', {
  fields: (t) => ({
    id: t.exposeID('id'),
    role: t.expose('role', { type: IncidentRoleKindEnum }),
    user: t.relation('user'),
    assignedAt: t.expose('assignedAt', { type: 'DateTime' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObject('TimelineEntryRevision', {
  description: 'Earlier text of an edited timeline entry',
  fields: (t) => ({
    id: t.exposeID('id'),
    body: t.exposeString('body'),
    editedBy: t.relation('editedBy', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When this text was replaced' }),
  }),
});

builder.prismaObject('IncidentTimelineEntry', {
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: TimelineEntryKindEnum }),
    body: t.exposeString('body'),
    author: t.relation('author', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    editedAt: t.expose('editedAt', { type: 'DateTime', nullable: true }),
    revisions: t.relation('revisions', { query: { orderBy: { createdAt: 'asc' } } }),
  }),
});

builder.prismaObject('IncidentChecklistItem', {
  description: "One of the guide's immediate actions for a P0",
  fields: (t) => ({
    key: t.exposeString('key'),
    label: t.string({ select: { key: true }, resolve: (i) => CHECKLIST.find((c) => c.key === i.key)?.label ?? i.key }),
    doneAt: t.expose('doneAt', { type: 'DateTime', nullable: true }),
    doneBy: t.relation('doneBy', { nullable: true }),
  }),
});

builder.prismaObject('IncidentTicket', {
  fields: (t) => ({
    ticket: t.relation('ticket'),
    linkedAt: t.expose('linkedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('PostmortemActionItem', {
  fields: (t) => ({
    id: t.exposeID('id'),
    description: t.exposeString('description'),
    owner: t.relation('owner', { nullable: true }),
    dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true }),
    doneAt: t.expose('doneAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObject('Postmortem', {
  fields: (t) => ({
    status: t.expose('status', { type: PostmortemStatusEnum }),
    dueAt: t.expose('dueAt', { type: 'DateTime', description: '48 hours after resolution' }),
    dueInSeconds: t.int({ nullable: true, select: { dueAt: true }, resolve: (p, _a, ctx) => secondsUntil(p.dueAt, ctx.rt.clock.now()) }),
    summary: t.exposeString('summary'),
    impact: t.exposeString('impact'),
    timeline: t.exposeString('timeline'),
    rootCause: t.exposeString('rootCause'),
    wentWell: t.exposeString('wentWell'),
    wentBadly: t.exposeString('wentBadly'),
    actionItems: t.relation('actionItems'),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObject('Incident', {
  authScopes: { reader: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeInt('number'),
    title: t.exposeString('title', { description: 'Internal title: never shown on the public status page' }),
    publicTitle: t.exposeString('publicTitle', { nullable: true, description: 'The status page title, when one was set' }),
    statusPageTitle: t.string({
      description: 'What the public status page shows: the public title or a neutral default',
      select: { publicTitle: true },
      resolve: (i) => publicTitleOf(i),
    }),
    severity: t.expose('severity', { type: PriorityEnum }),
    status: t.expose('status', { type: IncidentStatusEnum }),
    summary: t.exposeString('summary', { nullable: true }),
    sourceTicket: t.relation('sourceTicket', { nullable: true }),
    declaredBy: t.relation('declaredBy', { nullable: true }),
    incidentCommander: t.relation('incidentCommander', { nullable: true }),
    roles: t.relation('roles', {
      description: 'Current roles (scribe, communications lead, responders)',
      query: { where: { endedAt: null }, orderBy: { assignedAt: 'asc' } },
    }),
    checklist: t.relation('checklist', { query: { orderBy: { key: 'asc' } } }),
    timeline: t.relation('timeline', {
      args: { last: t.arg.int() },
      query: (args) => ({ orderBy: [{ createdAt: 'asc' }, { seq: 'asc' }], ...(args.last ? { take: -Math.min(Math.max(args.last, 1), 500) } : {}) }),
    }),
    tickets: t.relation('tickets', { query: { orderBy: { linkedAt: 'asc' } } }),
    linkedTicketCount: t.relationCount('tickets'),
    usersImpacted: t.exposeInt('usersImpacted', { nullable: true }),
    internalUpdateMinutes: t.exposeInt('internalUpdateMinutes'),
    statusPageUpdateMinutes: t.exposeInt('statusPageUpdateMinutes'),
    lastInternalUpdateAt: t.expose('lastInternalUpdateAt', { type: 'DateTime', nullable: true }),
    nextInternalUpdateDueAt: t.expose('nextInternalUpdateDueAt', { type: 'DateTime', nullable: true }),
    internalUpdateDueInSeconds: t.int({
      nullable: true,
      description: 'Countdown to the next internal update; negative when overdue',
      select: { nextInternalUpdateDueAt: true },
      resolve: (i, _a, ctx) => secondsUntil(i.nextInternalUpdateDueAt, ctx.rt.clock.now()),
    }),
    lastStatusPageUpdateAt: t.expose('lastStatusPageUpdateAt', { type: 'DateTime', nullable: true }),
    nextStatusPageUpdateDueAt: t.expose('nextStatusPageUpdateDueAt', { type: 'DateTime', nullable: true }),
    statusPageUpdateDueInSeconds: t.int({
      nullable: true,
      description: 'Countdown to the next status page update; negative when overdue',
      select: { nextStatusPageUpdateDueAt: true },
      resolve: (i, _a, ctx) => secondsUntil(i.nextStatusPageUpdateDueAt, ctx.rt.clock.now()),
    }),
    declaredAt: t.expose('declaredAt', { type: 'DateTime' }),
    identifiedAt: t.expose('identifiedAt', { type: 'DateTime', nullable: true }),
    monitoringAt: t.expose('monitoringAt', { type: 'DateTime', nullable: true }),
    monitoringUntil: t.expose('monitoringUntil', { type: 'DateTime', nullable: true }),
    monitoringEndsInSeconds: t.int({
      nullable: true,
      description: 'The 2-hour monitoring timer',
      select: { monitoringUntil: true, status: true },
      resolve: (i, _a, ctx) => (i.status === 'MONITORING' ? secondsUntil(i.monitoringUntil, ctx.rt.clock.now()) : null),
    }),
    resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true }),
    resolutionKind: t.expose('resolutionKind', { type: ResolutionKindEnum, nullable: true }),
    resolutionNote: t.exposeString('resolutionNote', { nullable: true }),
    postmortem: t.relation('postmortem', { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  incident: t.prismaField({
    type: 'Incident',
    nullable: true,
    authScopes: { reader: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => (isUuid(args.id) ? ctx.rt.prisma.incident.findUnique({ ...query, where: { id: String(args.id) } }) : null),
  }),
  incidents: t.prismaField({
    type: ['Incident'],
    authScopes: { reader: true },
    description: 'Newest first; active: true for those not resolved, false for resolved ones (the latest 100).',
    args: { active: t.arg.boolean() },
    resolve: (query, _root, args, ctx) =>
      ctx.rt.prisma.incident.findMany({
        ...query,
        where: args.active === true ? { status: { not: 'RESOLVED' } } : args.active === false ? { status: 'RESOLVED' } : {},
        orderBy: { number: 'desc' },
        take: 100,
      }),
  }),
}));

const DeclareIncidentInput = builder.inputType('DeclareIncidentInput', {
  fields: (t) => ({
    ticketId: t.id({ description: 'A P0 ticket to declare from (optional)' }),
    title: t.string({ required: true }),
    publicTitle: t.string({ description: 'Shown on the public status page instead of the internal title (default: a neutral one)' }),
    severity: t.field({ type: PriorityEnum, required: true }),
    summary: t.string(),
    incidentCommanderId: t.id({ description: 'Defaults to whoever declares' }),
    internalUpdateMinutes: t.int({ description: 'P0: 15–30 (default 30)' }),
    statusPageUpdateMinutes: t.int(),
  }),
});
const PublicTitleInput = builder.inputType('SetIncidentPublicTitleInput', {
  fields: (t) => ({ incidentId: t.id({ required: true }), publicTitle: t.string({ description: 'null: the neutral default' }) }),
});
const AssignIncidentRoleInput = builder.inputType('AssignIncidentRoleInput', {
  fields: (t) => ({ incidentId: t.id({ required: true }), userId: t.id({ required: true }), role: t.field({ type: IncidentRoleNameEnum, required: true }) }),
});
const HandOverIncidentCommandInput = builder.inputType('HandOverIncidentCommandInput', {
  fields: (t) => ({ incidentId: t.id({ required: true }), userId: t.id({ required: true }), note: t.string() }),
});
const SetIncidentStatusInput = builder.inputType('SetIncidentStatusInput', {
  fields: (t) => ({
    incidentId: t.id({ required: true }),
    status: t.field({ type: IncidentStatusEnum, required: true }),
    note: t.string(),
    resolution: t.field({ type: ResolutionKindEnum, description: 'Required to enter MONITORING' }),
    notifyRequesters: t.boolean({ description: 'On RESOLVED: send the resolution notice to every linked ticket requester (default true)' }),
  }),
});
const AddTimelineEntryInput = builder.inputType('AddIncidentTimelineEntryInput', {
  fields: (t) => ({
    incidentId: t.id({ required: true }),
    kind: t.field({ type: WriteableEntryKindEnum, required: true }),
    body: t.string({ required: true }),
  }),
});
const EditTimelineEntryInput = builder.inputType('EditIncidentTimelineEntryInput', {
  fields: (t) => ({ entryId: t.id({ required: true }), body: t.string({ required: true }) }),
});
const ChecklistItemInput = builder.inputType('SetIncidentChecklistItemInput', {
  fields: (t) => ({ incidentId: t.id({ required: true }), key: t.string({ required: true }), done: t.boolean({ required: true }) }),
});
const CadenceInput = builder.inputType('SetIncidentCadenceInput', {
  fields: (t) => ({ incidentId: t.id({ required: true }), internalUpdateMinutes: t.int(), statusPageUpdateMinutes: t.int() }),
});
const LinkTicketInput = builder.inputType('LinkIncidentTicketInput', {
  fields: (t) => ({ incidentId: t.id({ required: true }), ticketId: t.id({ required: true }) }),
});
const ActionItemInput = builder.inputType('PostmortemActionItemInput', {
  fields: (t) => ({ description: t.string({ required: true }), ownerId: t.id({ required: true }), dueAt: t.field({ type: 'DateTime' }) }),
});
const UpdatePostmortemInput = builder.inputType('UpdatePostmortemInput', {
  fields: (t) => ({
    incidentId: t.id({ required: true }),
    summary: t.string(),
    impact: t.string(),
    timeline: t.string(),
    rootCause: t.string(),
    wentWell: t.string(),
    wentBadly: t.string(),
    actionItems: t.field({ type: [ActionItemInput], description: 'Replaces the list' }),
    publish: t.boolean(),
  }),
});

/** GraphQL ID inputs arrive as strings at run time (Pothos types them string | number); services validate them. */
const input = <T>(value: object): T => value as T;

async function reread(ctx: Context, query: object, id: string) {
  const incident = await ctx.rt.prisma.incident.findUnique({ ...query, where: { id } });
  if (!incident) throw notFound('Incident');
  return incident;
}

builder.mutationFields((t) => {
  return {
    declareIncident: t.prismaField({
      type: 'Incident',
      authScopes: { agent: true },
      args: { input: t.arg({ type: DeclareIncidentInput, required: true }) },
      resolve: async (query, _r, args, ctx) => reread(ctx, query, (await declareIncident(ctx.rt, ctx.actor, input(args.input))).id),
    }),
    setIncidentPublicTitle: t.prismaField({
      type: 'Incident',
      description: 'Names the incident on the public status page; the internal title stays internal.',
      authScopes: { agent: true },
      args: { input: t.arg({ type: PublicTitleInput, required: true }) },
      resolve: async (query, _r, args, ctx) => reread(ctx, query, (await setIncidentPublicTitle(ctx.rt, ctx.actor, input(args.input))).id),
    }),
    assignIncidentRole: t.prismaField({
      type: 'Incident',
      authScopes: { agent: true },
      args: { input: t.arg({ type: AssignIncidentRoleInput, required: true }) },
      description: 'Gives someone a role; INCIDENT_COMMANDER only when there is none (otherwise hand over)',
      resolve: async (query, _r, args, ctx) => reread(ctx, query, (await assignIncidentRole(ctx.rt, ctx.actor, input(args.input))).id),
    }),
    handOverIncidentCommand: t.prismaField({
      type: 'Incident',
      authScopes: { agent: true },
      args: { input: t.arg({ type: HandOverIncidentCommandInput, required: true }) },
      resolve: async (query, _r, args, ctx) => reread(ctx, query, (await handOverIncidentCommand(ctx.rt, ctx.actor, input(args.input))).id),
    }),
    setIncidentStatus: t.prismaField({
      type: 'Incident',
      authScopes: { agent: true },
      args: { input: t.arg({ type: SetIncidentStatusInput, required: true }) },
      description: 'INVESTIGATING → IDENTIFIED → MONITORING (with the fix or rollback; 2 h timer) → RESOLVED (post-mortem due in 48 h)',
      resolve: async (query, _r, args, ctx) => reread(ctx, query, (await setIncidentStatus(ctx.rt, ctx.actor, input(args.input))).id),
    }),
    addIncidentTimelineEntry: t.prismaField({
      type: 'Incident',
      authScopes: { agent: true },
      args: { input: t.arg({ type: AddTimelineEntryInput, required: true }) },
      resolve: async (query, _r, args, ctx) => reread(ctx, query, (await addTimelineEntry(ctx.rt, ctx.actor, input(args.input))).incidentId),
    }),
    editIncidentTimelineEntry: t.prismaField({
      type: 'Incident',
      authScopes: { agent: true },
      args: { input: t.arg({ type: EditTimelineEntryInput, required: true }) },
      resolve: async (query, _r, args, ctx) => reread(ctx, query, (await editTimelineEntry(ctx.rt, ctx.actor, input(args.input))).incidentId),
    }),
    setIncidentChecklistItem: t.prismaField({
      type: 'Incident',
      authScopes: { agent: true },
      args: { input: t.arg({ type: ChecklistItemInput, required: true }) },
      resolve: async (query, _r, args, ctx) => reread(ctx, query, (await setChecklistItem(ctx.rt, ctx.actor, input(args.input))).id),
    }),
    setIncidentCadence: t.prismaField({
      type: 'Incident',
      authScopes: { agent: true },
      args: { input: t.arg({ type: CadenceInput, required: true }) },
      resolve: async (query, _r, args, ctx) => reread(ctx, query, (await setIncidentCadence(ctx.rt, ctx.actor, input(args.input))).id),
    }),
    linkIncidentTicket: t.prismaField({
      type: 'Incident',
      authScopes: { agent: true },
      args: { input: t.arg({ type: LinkTicketInput, required: true }) },
      resolve: async (query, _r, args, ctx) => reread(ctx, query, (await linkIncidentTicket(ctx.rt, ctx.actor, input(args.input))).id),
    }),
    updatePostmortem: t.prismaField({
      type: 'Incident',
      authScopes: { agent: true },
      args: { input: t.arg({ type: UpdatePostmortemInput, required: true }) },
      resolve: async (query, _r, args, ctx) => reread(ctx, query, (await updatePostmortem(ctx.rt, ctx.actor, input(args.input))).incidentId),
    }),
  };
});

const TimelineEntrySnapshot = builder.objectRef<EntrySnapshot>('IncidentTimelineEntrySnapshot').implement({
  description: 'A timeline entry as it was when the event was written',
  fields: (t) => ({
    id: t.exposeID('id'),
    incidentId: t.exposeID('incidentId'),
    kind: t.field({ type: TimelineEntryKindEnum, resolve: (e) => e.kind }),
    body: t.exposeString('body'),
    authorId: t.exposeID('authorId', { nullable: true }),
    authorName: t.exposeString('authorName', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (e) => e.createdAt }),
    editedAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.editedAt }),
    revisions: t.exposeInt('revisions', { description: 'How many earlier texts the entry keeps' }),
  }),
});

const IncidentTimelineEvent = builder.objectRef<EventRecord>('IncidentTimelineEvent').implement({
  description: 'A timeline entry added (ADDED) or edited (EDITED). Resume with `after` set to the last id you saw.',
  fields: (t) => ({
    id: t.id({ resolve: (e) => e.id.toString() }),
    type: t.string({ resolve: (e) => (e.type === 'INCIDENT_TIMELINE_ENTRY_EDITED' ? 'EDITED' : 'ADDED') }),
    createdAt: t.field({ type: 'DateTime', resolve: (e) => e.createdAt }),
    entry: t.field({ type: TimelineEntrySnapshot, resolve: (e) => (e.payload as { entry: EntrySnapshot }).entry }),
  }),
});

builder.subscriptionField('incidentTimeline', (t) =>
  t.field({
    type: IncidentTimelineEvent,
    authScopes: { reader: true },
    description: "An incident's timeline: with `after`, every entry event with a greater id first, then live, in order, with no gaps and no duplicates.",
    args: { incidentId: t.arg.id({ required: true }), after: t.arg.id() },
    subscribe: async (_root, args, ctx) => {
      const id = String(args.incidentId);
      const after = eventCursor(args.after);
      if (!isUuid(id) || !(await ctx.rt.prisma.incident.findUnique({ where: { id }, select: { id: true } }))) throw notFound(`Incident ${id.slice(0, 40)}`);
      const types: readonly string[] = TIMELINE_EVENT_TYPES;
      return streamEvents(ctx.rt.prisma, ctx.rt.hub, {
        after,
        topics: ['incidents'],
        filter: (e) => e.entityType === 'Incident' && e.entityId === id && types.includes(e.type),
      });
    },
    resolve: (event) => event,
  }),
);
