import { EscalationAgenda, EscalationReason } from '@opsboard/db';
import { builder } from '../graphql/builder.ts';
import { type EscalateInput, escalateTicket } from './service.ts';
import { agendaWhere } from './rules.ts';
import { EscalationLevelEnum, PriorityEnum } from '../graphql/enums.ts';
import '../tickets/schema.ts';
import { requireId } from '../platform/validation.ts';
import { reread } from '../graphql/reread.ts';

export const EscalationReasonEnum = builder.enumType(EscalationReason, {
  name: 'EscalationReason',
  description: 'MANUAL and the guide\'s "when to escalate": P0, USERS_IMPACTED (>10), NO_PROGRESS (4+ hours), UPSET_USER, SECURITY, PRESS, EXPERTISE',
});
export const EscalationAgendaEnum = builder.enumType(EscalationAgenda, {
  name: 'EscalationAgenda',
  description: "The guide's send-to lists for lower priorities: P2 → DAILY_STANDUP, P3 → WEEKLY_REVIEW",
});

interface TemplateJson {
  priority?: string;
  ticket?: string;
  user?: string;
  issue?: string;
  impact?: string;
  attempted?: string;
  needed?: string;
  timeline?: string;
  details?: string | null;
  subject?: string;
  body?: string;
}

const EscalationTemplate = builder.objectRef<TemplateJson>('EscalationTemplate').implement({
  description: "The guide's escalation template as filled in, and the text it rendered to",
  fields: (t) => ({
    priority: t.string({ resolve: (v) => v.priority ?? '' }),
    ticket: t.string({ resolve: (v) => v.ticket ?? '' }),
    user: t.string({ resolve: (v) => v.user ?? '' }),
    issue: t.string({ resolve: (v) => v.issue ?? '' }),
    impact: t.string({ resolve: (v) => v.impact ?? '' }),
    attempted: t.string({ resolve: (v) => v.attempted ?? '' }),
    needed: t.string({ resolve: (v) => v.needed ?? '' }),
    timeline: t.string({ resolve: (v) => v.timeline ?? '' }),
    details: t.string({ nullable: true, resolve: (v) => v.details ?? null }),
    subject: t.string({ resolve: (v) => v.subject ?? '' }),
    body: t.string({ resolve: (v) => v.body ?? '' }),
  }),
});

export const EscalationObject = builder.prismaObject('Escalation', {
  authScopes: { reader: true },
  description: 'One step up the escalation path L1 → L2 → L3 → MANAGEMENT, by hand or automatic, with its reason.',
  fields: (t) => ({
    id: t.exposeID('id'),
    ticket: t.relation('ticket'),
    fromLevel: t.expose('fromLevel', { type: EscalationLevelEnum }),
    toLevel: t.expose('toLevel', { type: EscalationLevelEnum }),
    reason: t.expose('reason', { type: EscalationReasonEnum }),
    automatic: t.exposeBoolean('automatic'),
    priority: t.field({
      type: PriorityEnum,
      nullable: true,
      select: { template: true },
      resolve: (e) => ((e.template as TemplateJson | null)?.priority as 'P0' | 'P1' | 'P2' | 'P3' | undefined) ?? null,
    }),
    template: t.field({ type: EscalationTemplate, select: { template: true }, resolve: (e) => (e.template ?? {}) as TemplateJson }),
    escalatedBy: t.relation('escalatedBy', { nullable: true, description: 'Null for automatic escalations' }),
    assignedTo: t.relation('assignedTo', { nullable: true }),
    agenda: t.expose('agenda', { type: EscalationAgendaEnum, nullable: true, description: 'P2: daily stand-up, P3: weekly review' }),
    discussedAt: t.expose('discussedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Ticket', 'escalations', (t) =>
  t.relation('escalations', { description: 'The escalation history, oldest first', query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } }),
);

const EscalateTicketInput = builder.inputType('EscalateTicketInput', {
  description: "The guide's escalation template. The ticket is the one escalated; user defaults to its requester.",
  fields: (t) => ({
    priority: t.field({ type: PriorityEnum, description: "The ticket's priority when left out" }),
    user: t.string({ description: 'Name / e-mail of the user; the requester when left out' }),
    issue: t.string({ required: true }),
    impact: t.string({ required: true, description: 'How many users / severity' }),
    attempted: t.string({ required: true, description: "What you've tried" }),
    needed: t.string({ required: true, description: 'What you need help with' }),
    timeline: t.string({ required: true, description: 'Urgency' }),
    details: t.string({ description: 'Relevant logs, screenshots, user messages' }),
    summary: t.string({ description: "The subject's brief description; the ticket title when left out" }),
    reason: t.field({ type: EscalationReasonEnum, description: 'MANUAL (default), UPSET_USER, SECURITY, PRESS or EXPERTISE' }),
    toLevel: t.field({ type: EscalationLevelEnum, description: 'The next level when left out' }),
    assigneeId: t.id({ description: 'Who takes it (for P1: the tech lead to tell)' }),
  }),
});

builder.queryFields((t) => ({
  escalationAgenda: t.prismaField({
    type: ['Escalation'],
    authScopes: { reader: true },
    description: 'Escalations of open tickets waiting for the daily stand-up (P2) or the weekly review (P3), oldest first.',
    args: { agenda: t.arg({ type: EscalationAgendaEnum, required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.rt.prisma.escalation.findMany({ ...query, where: agendaWhere(args.agenda), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 200 }),
  }),
}));

builder.mutationFields((t) => ({
  escalateTicket: t.prismaField({
    type: 'Escalation',
    authScopes: { agent: true },
    description:
      "Escalates a ticket one level (or to toLevel) with the guide's template; the send-to rules of its priority tell people. Past MANAGEMENT is refused.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: EscalateTicketInput, required: true }) },
    resolve: (query, _root, args, ctx) => {
      const input = { ...args.input, assigneeId: args.input.assigneeId == null ? args.input.assigneeId : String(args.input.assigneeId) };
      return reread(ctx.rt.prisma.escalation, query, escalateTicket(ctx.rt, ctx.actor, requireId(args.id, 'Ticket'), input as EscalateInput));
    },
  }),
}));
