import { builder } from '../graphql/builder.ts';
import {
  createOverride,
  createRotation,
  getOnCall,
  getSchedule,
  type OnCallStatus,
  type Person,
  removeOverride,
  type ScheduledShift,
  type ShiftCount,
  shiftCounts,
} from './service.ts';
import { calendarFeedUrl } from './feed.ts';

export const OnCallPerson = builder.objectRef<Person>('OnCallPerson').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    // The wallboard shows who is on call; their address is for people, not for a TV in the lobby.
    email: t.exposeString('email', { authScopes: { reader: true } }),
  }),
});

const ShiftSourceEnum = builder.enumType('ShiftSource', { values: ['ROTATION', 'OVERRIDE'] as const });

const OnCallShiftSlot = builder.objectRef<ScheduledShift>('OnCallShiftSlot').implement({
  description: 'One shift: a week of the rotation, or the part of it an override covers.',
  fields: (t) => ({
    user: t.field({ type: OnCallPerson, resolve: (s) => s.user }),
    startsAt: t.field({ type: 'DateTime', resolve: (s) => s.startsAt }),
    endsAt: t.field({ type: 'DateTime', resolve: (s) => s.endsAt }),
    source: t.field({ type: ShiftSourceEnum, resolve: (s) => s.source }),
    overrideId: t.exposeID('overrideId', { nullable: true }),
  }),
});

const OnCallShiftCount = builder.objectRef<ShiftCount>('OnCallShiftCount').implement({
  fields: (t) => ({
    user: t.field({ type: OnCallPerson, resolve: (c) => c.user }),
    shifts: t.exposeInt('shifts'),
    hours: t.exposeFloat('hours'),
    pages: t.exposeInt('pages', { description: 'Pages that asked this person' }),
    afterHoursPages: t.exposeInt('afterHoursPages', { description: 'Of those, pages outside business hours' }),
  }),
});

const OnCallRotationRef = builder.objectRef<OnCallStatus['rotation']>('OnCallRotationInfo').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    timeZone: t.exposeString('timeZone'),
  }),
});

const OnCall = builder.objectRef<OnCallStatus>('OnCall').implement({
  description: 'Who is on call in a rotation now and next.',
  fields: (t) => ({
    rotation: t.field({ type: OnCallRotationRef, resolve: (o) => o.rotation }),
    now: t.field({ type: OnCallPerson, nullable: true, resolve: (o) => o.now?.user ?? null }),
    next: t.field({ type: OnCallPerson, nullable: true, description: 'The next different person', resolve: (o) => o.next?.user ?? null }),
    nextHandoffAt: t.field({ type: 'DateTime', nullable: true, resolve: (o) => o.nextHandoffAt }),
    currentShift: t.field({ type: OnCallShiftSlot, nullable: true, resolve: (o) => o.now }),
    schedule: t.field({
      type: [OnCallShiftSlot],
      description: 'Shifts from now for the coming weeks (8 by default), overrides applied',
      args: { weeks: t.arg.int({ defaultValue: 8 }) },
      resolve: (o, args, ctx) => getSchedule(ctx.rt, o.rotation.id, args.weeks ?? 8),
    }),
    shiftCounts: t.field({
      type: [OnCallShiftCount],
      description: 'Shifts each person held in the last `days` days (90 by default): fairness',
      args: { days: t.arg.int({ defaultValue: 90 }) },
      resolve: (o, args, ctx) => shiftCounts(ctx.rt, o.rotation.id, args.days ?? 90),
    }),
    calendarUrl: t.field({
      type: 'String',
      nullable: true,
      description: 'iCal feed for the signed-in person: their own shifts when in the rotation, else the whole rotation; null for display tokens',
      resolve: (o, _args, ctx) => calendarFeedUrl(ctx.rt, o.rotation.id, ctx.actor),
    }),
  }),
});

const CreateOnCallOverrideInput = builder.inputType('CreateOnCallOverrideInput', {
  fields: (t) => ({
    rotationId: t.id({ required: true }),
    userId: t.id({ required: true, description: 'A participant of the rotation who covers' }),
    startsAt: t.field({ type: 'DateTime', required: true }),
    endsAt: t.field({ type: 'DateTime', required: true }),
    reason: t.string(),
  }),
});

const CreateOnCallRotationInput = builder.inputType('CreateOnCallRotationInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    timeZone: t.string({ required: true, description: 'IANA time zone of the handoff time' }),
    handoffWeekday: t.int({ required: true, description: 'ISO weekday: 1 = Monday … 7 = Sunday' }),
    handoffMinute: t.int({ required: true, description: 'Local minutes from midnight' }),
    startsAt: t.field({ type: 'DateTime', required: true, description: 'The first handoff' }),
    participantIds: t.idList({ required: true, description: 'In rotation order' }),
    isDefault: t.boolean(),
  }),
});

builder.queryFields((t) => ({
  onCall: t.field({
    type: OnCall,
    nullable: true,
    authScopes: { reader: true },
    description: 'The default rotation, or the one named by rotationId.',
    args: { rotationId: t.arg.id() },
    resolve: (_root, args, ctx) => getOnCall(ctx.rt, args.rotationId ? String(args.rotationId) : null),
  }),
}));

builder.mutationFields((t) => ({
  createOnCallRotation: t.field({
    type: OnCall,
    authScopes: { manager: true },
    args: { input: t.arg({ type: CreateOnCallRotationInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const { id } = await createRotation(ctx.rt, ctx.actor, { ...args.input, participantIds: args.input.participantIds.map(String) });
      return (await getOnCall(ctx.rt, id)) as OnCallStatus;
    },
  }),
  createOnCallOverride: t.field({
    type: OnCall,
    authScopes: { agent: true },
    description: 'Someone in the rotation covers a range (partial days too); returns the rotation after it.',
    args: { input: t.arg({ type: CreateOnCallOverrideInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      await createOverride(ctx.rt, ctx.actor, { ...args.input, rotationId: String(args.input.rotationId), userId: String(args.input.userId) });
      return (await getOnCall(ctx.rt, String(args.input.rotationId))) as OnCallStatus;
    },
  }),
  removeOnCallOverride: t.boolean({
    authScopes: { agent: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      await removeOverride(ctx.rt, ctx.actor, String(args.id));
      return true;
    },
  }),
}));
