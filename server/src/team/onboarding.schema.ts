import { builder } from '../graphql/builder.ts';
import { allOnboarding, type ItemProgress, type OnboardingProgress, onboardingFor, startOnboarding, tickOnboardingItem } from './onboarding.ts';

const OnboardingItemRef = builder.objectRef<ItemProgress>('OnboardingItem').implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    week: t.exposeInt('week'),
    title: t.exposeString('title'),
    automatic: t.boolean({ description: 'Ticks itself from activity', resolve: (i) => !!i.auto }),
    counts: t.string({ nullable: true, description: 'For automatic items: what counts', resolve: (i) => i.auto?.counts ?? null }),
    done: t.exposeBoolean('done'),
    doneAt: t.field({ type: 'DateTime', nullable: true, resolve: (i) => i.doneAt }),
    evidence: t.exposeString('evidence', { nullable: true, description: 'What ticked it, or progress so far' }),
    source: t.string({ nullable: true, description: 'AUTO (from activity) or MANUAL', resolve: (i) => i.source }),
  }),
});

const OnboardingPerson = builder.objectRef<{ id: string; name: string }>('OnboardingPerson').implement({
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name') }),
});

const Onboarding = builder.objectRef<OnboardingProgress>('Onboarding').implement({
  description: "A new team member's four-week checklist (the guide's Training and Onboarding).",
  fields: (t) => ({
    id: t.id({ resolve: (o) => o.plan.id }),
    user: t.field({ type: OnboardingPerson, resolve: (o) => o.user }),
    mentor: t.field({ type: OnboardingPerson, nullable: true, resolve: (o) => o.mentor }),
    startedAt: t.field({ type: 'DateTime', resolve: (o) => o.plan.startedAt }),
    week: t.exposeInt('week', { description: 'Current week, 1–4 (5 once the four weeks are over)' }),
    done: t.exposeInt('done'),
    total: t.exposeInt('total'),
    items: t.field({ type: [OnboardingItemRef], resolve: (o) => o.items }),
  }),
});

builder.queryField('onboarding', (t) =>
  t.field({
    type: Onboarding,
    nullable: true,
    authScopes: { agent: true },
    description: "One member's onboarding; your own, or anyone's for leads and managers.",
    args: { userId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => onboardingFor(ctx.rt, ctx.actor, String(args.userId)),
  }),
);

builder.queryField('onboardings', (t) =>
  t.field({
    type: [Onboarding],
    authScopes: { agent: true },
    description: "Everyone's onboarding progress, newest first (leads and managers).",
    resolve: (_root, _args, ctx) => allOnboarding(ctx.rt, ctx.actor),
  }),
);

const StartOnboardingInput = builder.inputType('StartOnboardingInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    mentorId: t.id({ description: 'Whom they shadow in the first two weeks' }),
    startedAt: t.field({ type: 'DateTime', description: 'Default now' }),
  }),
});

const TickOnboardingInput = builder.inputType('TickOnboardingInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    key: t.string({ required: true }),
    done: t.boolean({ required: true }),
    note: t.string(),
  }),
});

builder.mutationField('startOnboarding', (t) =>
  t.field({
    type: Onboarding,
    authScopes: { agent: true },
    description: 'Gives a new member the four-week checklist (leads and managers).',
    args: { input: t.arg({ type: StartOnboardingInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const plan = await startOnboarding(ctx.rt, ctx.actor, {
        ...args.input,
        userId: String(args.input.userId),
        mentorId: args.input.mentorId ? String(args.input.mentorId) : null,
      });
      return (await onboardingFor(ctx.rt, ctx.actor, plan.userId))!;
    },
  }),
);

builder.mutationField('tickOnboardingItem', (t) =>
  t.field({
    type: Onboarding,
    authScopes: { agent: true },
    description: 'Ticks or unticks an item by hand; items the system can see tick themselves and are refused here.',
    args: { input: t.arg({ type: TickOnboardingInput, required: true }) },
    resolve: async (_root, args, ctx) => {
      const plan = await tickOnboardingItem(ctx.rt, ctx.actor, { ...args.input, userId: String(args.input.userId) });
      return (await onboardingFor(ctx.rt, ctx.actor, plan.userId))!;
    },
  }),
);
