import { TriageMeetingKind, TriageMeetingStatus } from '@opsboard/db';
import { builder } from '../graphql/builder.ts';
import { completeTriageMeeting, decideTriageItem, MEETINGS } from './meetings.ts';
import { PriorityEnum, TicketTypeEnum } from '../graphql/enums.ts';
import { EscalationObject } from '../escalations/schema.ts';
import { User } from '../auth/schema.ts';
import { isUuid } from '../platform/validation.ts';
import { reread } from '../graphql/reread.ts';

const TriageMeetingKindEnum = builder.enumType(TriageMeetingKind, {
  name: 'TriageMeetingKind',
  description: 'DAILY triage at 09:30 (15 min), WEEKLY review on Fridays at 14:00 (30 min), in OPSBOARD_TIME_ZONE',
});
const TriageMeetingStatusEnum = builder.enumType(TriageMeetingStatus, { name: 'TriageMeetingStatus' });

builder.prismaObject('TriageAgendaItem', {
  authScopes: { reader: true },
  description: 'One ticket on a triage agenda: the suggestion, and the decision once taken.',
  fields: (t) => ({
    id: t.exposeID('id'),
    position: t.exposeInt('position'),
    ticket: t.relation('ticket'),
    suggestedPriority: t.expose('suggestedPriority', { type: PriorityEnum }),
    suggestedReason: t.exposeString('suggestedReason'),
    suggestedTeam: t.exposeString('suggestedTeam'),
    suggestedOwner: t.relation('suggestedOwner', { nullable: true }),
    decidedPriority: t.expose('decidedPriority', { type: PriorityEnum, nullable: true }),
    decidedOwner: t.relation('decidedOwner', { nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObject('TriageMeeting', {
  authScopes: { reader: true },
  description: "A triage meeting of the guide's schedule with its agenda, built from live data when it starts.",
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: TriageMeetingKindEnum }),
    title: t.string({ select: { kind: true }, resolve: (m) => MEETINGS[m.kind].title }),
    startsAt: t.expose('startsAt', { type: 'DateTime' }),
    durationMinutes: t.exposeInt('durationMinutes'),
    status: t.expose('status', { type: TriageMeetingStatusEnum }),
    builtAt: t.expose('builtAt', { type: 'DateTime' }),
    doneAt: t.expose('doneAt', { type: 'DateTime', nullable: true }),
    summary: t.field({
      type: 'JSON',
      nullable: true,
      description: 'DAILY: { since, newTickets, untriaged, escalations }. WEEKLY: { openTotal, openByAge, trends, slaMisses, escalations }',
      select: { summary: true },
      resolve: (m) => m.summary,
    }),
    attendees: t.field({
      type: [User],
      select: { attendeeIds: true },
      resolve: (m, _args, ctx) => ctx.rt.prisma.user.findMany({ where: { id: { in: m.attendeeIds } }, orderBy: { name: 'asc' } }),
    }),
    items: t.relation('items', { description: 'The agenda in order (daily: untriaged first)', query: { orderBy: { position: 'asc' } } }),
    escalations: t.field({
      type: [EscalationObject],
      description:
        "The escalations on this meeting's list (daily: DAILY_STANDUP, weekly: WEEKLY_REVIEW) not yet discussed when it started, oldest first; completing the meeting sets their discussedAt",
      select: { escalationIds: true },
      resolve: (m, _args, ctx) =>
        m.escalationIds.length
          ? ctx.rt.prisma.escalation.findMany({ where: { id: { in: m.escalationIds } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
          : [],
    }),
  }),
});

builder.queryField('triageMeetings', (t) =>
  t.prismaField({
    type: ['TriageMeeting'],
    authScopes: { reader: true },
    description: 'Triage meetings, newest first.',
    args: { kind: t.arg({ type: TriageMeetingKindEnum }), first: t.arg.int({ defaultValue: 20 }) },
    resolve: (query, _root, args, ctx) =>
      ctx.rt.prisma.triageMeeting.findMany({
        ...query,
        where: args.kind ? { kind: args.kind } : {},
        orderBy: { startsAt: 'desc' },
        take: Math.min(Math.max(args.first ?? 20, 1), 100),
      }),
  }),
);

builder.queryField('triageMeeting', (t) =>
  t.prismaField({
    type: 'TriageMeeting',
    nullable: true,
    authScopes: { reader: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const id = String(args.id);
      return isUuid(id) ? ctx.rt.prisma.triageMeeting.findUnique({ ...query, where: { id } }) : null;
    },
  }),
);

const TriageDecisionInput = builder.inputType('TriageDecisionInput', {
  fields: (t) => ({
    itemId: t.id({ required: true }),
    priority: t.field({ type: PriorityEnum, required: true }),
    ownerId: t.id({ required: true }),
    type: t.field({ type: TicketTypeEnum, description: 'Needed when the ticket has no type yet' }),
  }),
});

builder.mutationField('decideTriageItem', (t) =>
  t.prismaField({
    type: 'TriageAgendaItem',
    authScopes: { agent: true },
    description: 'Records the meeting decision (priority, owner) on the ticket through triageTicket; refused for a resolved or closed ticket.',
    args: { input: t.arg({ type: TriageDecisionInput, required: true }) },
    resolve: (query, _root, args, ctx) =>
      reread(
        ctx.rt.prisma.triageAgendaItem,
        query,
        decideTriageItem(ctx.rt, ctx.actor, { ...args.input, itemId: String(args.input.itemId), ownerId: String(args.input.ownerId) }),
      ),
  }),
);

builder.mutationField('completeTriageMeeting', (t) =>
  t.prismaField({
    type: 'TriageMeeting',
    authScopes: { agent: true },
    description: 'Marks the meeting done; attendees are those named, the caller, and everyone who recorded a decision.',
    args: { id: t.arg.id({ required: true }), attendeeIds: t.arg.idList() },
    resolve: (query, _root, args, ctx) =>
      reread(
        ctx.rt.prisma.triageMeeting,
        query,
        completeTriageMeeting(ctx.rt, ctx.actor, { meetingId: String(args.id), attendeeIds: args.attendeeIds?.map(String) ?? null }),
      ),
  }),
);
