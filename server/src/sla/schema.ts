import { HoursBasis, SlaClockKind, SlaClockState } from '@opsboard/db';
import { builder } from '../graphql/builder.ts';
import { updateSlaPolicy } from './policies.ts';
import { ChannelEnum, PriorityEnum } from '../graphql/enums.ts';
import { requireId } from '../platform/validation.ts';
import { reread } from '../graphql/reread.ts';

export const HoursBasisEnum = builder.enumType(HoursBasis, {
  name: 'HoursBasis',
  description: 'CALENDAR counts every minute; BUSINESS only working hours of the business calendar',
});
export const SlaClockKindEnum = builder.enumType(SlaClockKind, { name: 'SlaClockKind' });
export const SlaClockStateEnum = builder.enumType(SlaClockState, { name: 'SlaClockState' });

const SECOND = 1000;

builder.prismaObject('SlaClock', {
  authScopes: { reader: true },
  description: 'One SLA clock of a ticket: TRIAGE, FIRST_RESPONSE, USER_UPDATE (re-armed after every update) or RESOLUTION.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: SlaClockKindEnum }),
    state: t.expose('state', { type: SlaClockStateEnum }),
    basis: t.expose('basis', { type: HoursBasisEnum }),
    targetMinutes: t.exposeInt('targetMinutes'),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true, description: 'Null while paused' }),
    atRiskAt: t.expose('atRiskAt', { type: 'DateTime', nullable: true, description: 'When 75 % of the target is used' }),
    pausedAt: t.expose('pausedAt', { type: 'DateTime', nullable: true }),
    elapsedMinutes: t.exposeInt('elapsedMinutes', { description: 'Target minutes used before the current pause' }),
    breachedAt: t.expose('breachedAt', { type: 'DateTime', nullable: true }),
    metAt: t.expose('metAt', { type: 'DateTime', nullable: true }),
    timeLeftSeconds: t.int({
      nullable: true,
      description: 'Seconds until dueAt (negative once overdue); null when the clock is met, cancelled or paused',
      select: { state: true, dueAt: true, metAt: true },
      resolve: (c, _args, ctx) => {
        const running = c.state === 'RUNNING' || c.state === 'AT_RISK' || (c.state === 'BREACHED' && !c.metAt);
        return running && c.dueAt ? Math.round((c.dueAt.getTime() - ctx.rt.clock.now().getTime()) / SECOND) : null;
      },
    }),
    timeLeftMinutesWhenPaused: t.int({
      nullable: true,
      description: 'For a paused clock: target minutes still left when it resumes',
      select: { state: true, targetMinutes: true, elapsedMinutes: true },
      resolve: (c) => (c.state === 'PAUSED' ? c.targetMinutes - c.elapsedMinutes : null),
    }),
  }),
});

builder.prismaObject('SlaPolicy', {
  authScopes: { reader: true },
  description: 'SLA targets for one channel × priority, each in calendar or business minutes.',
  fields: (t) => ({
    id: t.exposeID('id'),
    channel: t.expose('channel', { type: ChannelEnum }),
    priority: t.expose('priority', { type: PriorityEnum }),
    triageMinutes: t.exposeInt('triageMinutes'),
    triageBasis: t.expose('triageBasis', { type: HoursBasisEnum }),
    firstResponseMinutes: t.exposeInt('firstResponseMinutes'),
    firstResponseBasis: t.expose('firstResponseBasis', { type: HoursBasisEnum }),
    userUpdateMinutes: t.exposeInt('userUpdateMinutes'),
    userUpdateBasis: t.expose('userUpdateBasis', { type: HoursBasisEnum }),
    resolutionMinutes: t.exposeInt('resolutionMinutes'),
    resolutionBasis: t.expose('resolutionBasis', { type: HoursBasisEnum }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const UpdateSlaPolicyInput = builder.inputType('UpdateSlaPolicyInput', {
  fields: (t) => ({
    triageMinutes: t.int(),
    triageBasis: t.field({ type: HoursBasisEnum }),
    firstResponseMinutes: t.int(),
    firstResponseBasis: t.field({ type: HoursBasisEnum }),
    userUpdateMinutes: t.int(),
    userUpdateBasis: t.field({ type: HoursBasisEnum }),
    resolutionMinutes: t.int(),
    resolutionBasis: t.field({ type: HoursBasisEnum }),
  }),
});

builder.queryField('slaPolicies', (t) =>
  t.prismaField({
    type: ['SlaPolicy'],
    authScopes: { reader: true },
    description: 'The SLA policy matrix, by channel then priority.',
    resolve: (query, _root, _args, ctx) => ctx.rt.prisma.slaPolicy.findMany({ ...query, orderBy: [{ channel: 'asc' }, { priority: 'asc' }] }),
  }),
);

builder.mutationField('updateSlaPolicy', (t) =>
  t.prismaField({
    type: 'SlaPolicy',
    authScopes: { manager: true },
    description: 'Edits one policy; clocks started from now on use the new targets.',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateSlaPolicyInput, required: true }) },
    resolve: (query, _root, args, ctx) =>
      reread(ctx.rt.prisma.slaPolicy, query, updateSlaPolicy(ctx.rt, ctx.actor, requireId(args.id, 'SLA policy'), args.input)),
  }),
);
