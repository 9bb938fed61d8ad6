import { builder } from '../graphql/builder.ts';
import { type ReferenceCard as ReferenceCardShape, referenceCard } from './reference.ts';
import { ChannelEnum, EscalationLevelEnum, PriorityEnum } from '../graphql/enums.ts';
import { EscalationAgendaEnum, EscalationReasonEnum } from '../escalations/schema.ts';
import { OnCallPerson } from '../oncall/schema.ts';

type Card = ReferenceCardShape;

const ReferencePriority = builder.objectRef<Card['priorities'][number]>('ReferencePriority').implement({
  fields: (t) => ({
    priority: t.field({ type: PriorityEnum, resolve: (p) => p.priority }),
    label: t.exposeString('label'),
    meaning: t.exposeString('meaning'),
  }),
});

const ReferenceTarget = builder.objectRef<Card['responseTimes'][number]>('ReferenceTarget').implement({
  description: 'The SLA policy of one channel × priority, in words',
  fields: (t) => ({
    channel: t.field({ type: ChannelEnum, resolve: (r) => r.channel }),
    priority: t.field({ type: PriorityEnum, resolve: (r) => r.priority }),
    triage: t.exposeString('triage'),
    firstResponse: t.exposeString('firstResponse'),
    firstResponseMinutes: t.exposeInt('firstResponseMinutes'),
    userUpdate: t.exposeString('userUpdate'),
    resolution: t.exposeString('resolution'),
  }),
});

const ReferenceChannel = builder.objectRef<Card['channels'][number]>('ReferenceChannel').implement({
  fields: (t) => ({
    channel: t.field({ type: ChannelEnum, resolve: (c) => c.channel }),
    label: t.exposeString('label'),
    contact: t.exposeString('contact'),
  }),
});

const ReferenceEscalationLevel = builder.objectRef<Card['escalationPath'][number]>('ReferenceEscalationLevel').implement({
  fields: (t) => ({
    level: t.exposeString('level'),
    team: t.exposeString('team'),
    handles: t.exposeString('handles'),
  }),
});

const ReferenceEscalation = builder.objectRef<Card['escalations'][number]>('ReferenceEscalation').implement({
  description: "The escalation service's send-to rule of one priority",
  fields: (t) => ({
    priority: t.field({ type: PriorityEnum, resolve: (e) => e.priority }),
    sendTo: t.exposeString('sendTo'),
    agenda: t.field({
      type: EscalationAgendaEnum,
      nullable: true,
      description: 'P2: the daily stand-up list, P3: the weekly review list',
      resolve: (e) => e.agenda,
    }),
    urgent: t.exposeBoolean('urgent', { description: 'Reaches people in their quiet hours' }),
  }),
});

const ReferenceReasonEscalation = builder.objectRef<Card['reasonEscalations'][number]>('ReferenceReasonEscalation').implement({
  description: 'Where a reason takes a ticket and whom it tells at any priority (sensitive triggers and expertise needed)',
  fields: (t) => ({
    reason: t.field({ type: EscalationReasonEnum, resolve: (r) => r.reason }),
    toLevel: t.field({ type: EscalationLevelEnum, resolve: (r) => r.toLevel }),
    automatic: t.exposeBoolean('automatic', { description: 'Escalated by itself when a new ticket shows it' }),
    sendTo: t.exposeString('sendTo'),
  }),
});

const ReferenceAutomaticEscalation = builder.objectRef<Card['automaticEscalations'][number]>('ReferenceAutomaticEscalation').implement({
  description: 'An escalation opsboard makes by itself, with its threshold and where it takes the ticket',
  fields: (t) => ({
    reason: t.field({ type: EscalationReasonEnum, resolve: (a) => a.reason }),
    when: t.exposeString('when'),
    threshold: t.exposeString('threshold'),
    effect: t.exposeString('effect'),
  }),
});

const ReferenceTemplate = builder.objectRef<Card['templates'][number]>('ReferenceTemplate').implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    name: t.exposeString('name'),
    subject: t.exposeString('subject'),
  }),
});

const ReferenceOnCall = builder.objectRef<NonNullable<Card['onCall']>>('ReferenceOnCall').implement({
  fields: (t) => ({
    rotationName: t.exposeString('rotationName'),
    now: t.field({ type: OnCallPerson, nullable: true, resolve: (o) => o.now }),
    next: t.field({ type: OnCallPerson, nullable: true, resolve: (o) => o.next }),
    nextHandoffAt: t.field({ type: 'DateTime', nullable: true, resolve: (o) => o.nextHandoffAt }),
  }),
});

const ReferenceLink = builder.objectRef<Card['links'][number]>('ReferenceLink').implement({
  fields: (t) => ({ label: t.exposeString('label'), url: t.exposeString('url') }),
});

const ReferenceCard = builder.objectRef<Card>('ReferenceCard').implement({
  description: "The guide's Quick Reference Card from the live configuration (SLA policies, channels, escalation rules, templates, on call now).",
  fields: (t) => ({
    generatedAt: t.field({ type: 'DateTime', resolve: (c) => c.generatedAt }),
    timeZone: t.exposeString('timeZone', { description: 'The team time zone business hours count in' }),
    priorities: t.field({ type: [ReferencePriority], resolve: (c) => c.priorities }),
    responseTimes: t.field({ type: [ReferenceTarget], description: 'Every SLA policy, P0 first, then by channel', resolve: (c) => c.responseTimes }),
    channels: t.field({ type: [ReferenceChannel], resolve: (c) => c.channels }),
    escalationPath: t.field({ type: [ReferenceEscalationLevel], resolve: (c) => c.escalationPath }),
    escalateWhen: t.exposeStringList('escalateWhen'),
    automaticEscalations: t.field({
      type: [ReferenceAutomaticEscalation],
      description: 'The automatic escalations and their thresholds',
      resolve: (c) => c.automaticEscalations,
    }),
    escalations: t.field({ type: [ReferenceEscalation], description: 'Whom to tell, per priority', resolve: (c) => c.escalations }),
    reasonEscalations: t.field({
      type: [ReferenceReasonEscalation],
      description: 'Whom to tell at any priority for a security concern, a legal threat, a press inquiry, expertise needed',
      resolve: (c) => c.reasonEscalations,
    }),
    templates: t.field({ type: [ReferenceTemplate], resolve: (c) => c.templates }),
    onCall: t.field({ type: ReferenceOnCall, nullable: true, description: 'The default rotation now', resolve: (c) => c.onCall }),
    links: t.field({ type: [ReferenceLink], resolve: (c) => c.links }),
    readings: t.exposeStringList('readings', { description: 'How this system reads the guide where its words allow more than one reading' }),
  }),
});

builder.queryField('referenceCard', (t) =>
  t.field({
    type: ReferenceCard,
    authScopes: { reader: true },
    description: 'The printable quick-reference card (web: /reference), generated from the live configuration.',
    resolve: (_root, _args, ctx) => referenceCard(ctx.rt),
  }),
);
