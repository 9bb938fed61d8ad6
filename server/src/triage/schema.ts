// Triage as GraphQL: the suggestion shown on a ticket and the triageTicket mutation (the guide's Step 2).
import { type Priority } from '@opsboard/db';
import { PriorityEnum, TicketTypeEnum } from '../graphql/enums.ts';
import { builder } from '../graphql/builder.ts';
import { reread } from '../graphql/reread.ts';
import { requireId } from '../platform/validation.ts';
import { type SensitiveFlag, sensitiveFlags, suggestPriority, suggestRouting, type Team, TEAMS } from './rules.ts';
import { EscalationReasonEnum } from '../escalations/schema.ts';
import { triageTicket } from './service.ts';
import '../tickets/schema.ts';

const TeamEnum = builder.enumType('Team', { values: TEAMS });

const SensitiveFlagRef = builder.objectRef<SensitiveFlag>('SensitiveFlag').implement({
  description:
    'One of the guide\'s "escalate immediately" triggers found in the ticket\'s words (whole words, any case); on arrival it escalates the ticket to MANAGEMENT at once.',
  fields: (t) => ({
    reason: t.field({ type: EscalationReasonEnum, resolve: (f) => f.reason }),
    trigger: t.exposeString('trigger'),
    words: t.exposeStringList('words'),
  }),
});

const TriageSuggestion = builder
  .objectRef<{ priority: Priority; reason: string; team: Team; teamReason: string; flags: SensitiveFlag[] }>('TriageSuggestion')
  .implement({
    description: "The guide's priority definitions and routing rules applied to the ticket; a person confirms with triageTicket.",
    fields: (t) => ({
      priority: t.field({ type: PriorityEnum, resolve: (s) => s.priority }),
      reason: t.exposeString('reason'),
      team: t.field({ type: TeamEnum, resolve: (s) => s.team }),
      teamReason: t.exposeString('teamReason'),
      flags: t.field({ type: [SensitiveFlagRef], resolve: (s) => s.flags }),
    }),
  });

builder.prismaObjectField('Ticket', 'triageSuggestion', (t) =>
  t.field({
    type: TriageSuggestion,
    select: { title: true, description: true, usersImpacted: true, type: true },
    resolve: (ticket) => {
      const p = suggestPriority(ticket);
      const r = suggestRouting(ticket.type);
      return { priority: p.priority, reason: p.reason, team: r.team, teamReason: r.reason, flags: sensitiveFlags(ticket) };
    },
  }),
);

const TriageInput = builder.inputType('TriageInput', {
  fields: (t) => ({
    type: t.field({ type: TicketTypeEnum, required: true }),
    priority: t.field({ type: PriorityEnum, required: true }),
    ownerId: t.id({ required: true }),
  }),
});

builder.mutationFields((t) => ({
  triageTicket: t.prismaField({
    type: 'Ticket',
    authScopes: { agent: true },
    description: "Sets type, priority and owner (the guide's Step 2); a NEW ticket becomes TRIAGED.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: TriageInput, required: true }) },
    resolve: (query, _root, args, ctx) =>
      reread(
        ctx.rt.prisma.ticket,
        query,
        triageTicket(ctx.rt, ctx.actor, requireId(args.id, 'Ticket'), { ...args.input, ownerId: String(args.input.ownerId) }),
      ),
  }),
}));
