// The guide's Quality Checks on a response: the checks with their wording, a response's review and
// the reviewResponse mutation.
import { builder } from '../graphql/builder.ts';
import { reread } from '../graphql/reread.ts';
import { QUALITY_CHECKS, inGuideOrder, passedAll, reviewResponse } from './quality.ts';
import './respond.schema.ts';

export const QualityCheckEnum = builder.enumType('QualityCheck', {
  description: "The guide's \"Quality Checks\" for every response (each value's description is the guide's wording)",
  values: Object.fromEntries(QUALITY_CHECKS.map((c) => [c.key, { value: c.key, description: c.label }])) as Record<
    (typeof QUALITY_CHECKS)[number]['key'],
    { value: (typeof QUALITY_CHECKS)[number]['key']; description: string }
  >,
});

const QualityCheckItem = builder.objectRef<(typeof QUALITY_CHECKS)[number]>('QualityCheckItem').implement({
  description: "One of the seven Quality Checks, with the guide's wording",
  fields: (t) => ({
    key: t.field({ type: QualityCheckEnum, resolve: (c) => c.key }),
    label: t.exposeString('label'),
  }),
});

builder.prismaObject('ResponseReview', {
  authScopes: { reader: true },
  description: 'The Quality Checks of one outbound response, ticked by its responder or a reviewer; the latest review replaces the one before.',
  fields: (t) => ({
    id: t.exposeID('id'),
    passed: t.field({
      type: [QualityCheckEnum],
      description: "The checks the response passed, in the guide's order; the others it did not",
      select: { passed: true },
      resolve: (r) => inGuideOrder(r.passed),
    }),
    passedAll: t.boolean({ description: 'All seven checks passed', select: { passed: true }, resolve: (r) => passedAll(r.passed) }),
    reviewer: t.relation('reviewer', { nullable: true }),
    reviewedAt: t.expose('reviewedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('TicketMessage', 'review', (t) =>
  t.relation('review', { nullable: true, description: 'The Quality Checks of an outbound response; null until reviewed' }),
);

builder.queryFields((t) => ({
  qualityChecks: t.field({
    type: [QualityCheckItem],
    authScopes: { reader: true },
    description: "The guide's seven Quality Checks for every response, in its order and wording.",
    resolve: () => [...QUALITY_CHECKS],
  }),
}));

builder.mutationFields((t) => ({
  reviewResponse: t.prismaField({
    type: 'TicketMessage',
    authScopes: { agent: true },
    description:
      'Records the Quality Checks of an outbound response (a response, user update or resolution notice; not the automatic acknowledgement): `passed` are the checks it passed. A later review replaces this one. Answers with the message and its review.',
    args: {
      messageId: t.arg.id({ required: true }),
      passed: t.arg({ type: [QualityCheckEnum], required: true }),
    },
    resolve: (query, _root, args, ctx) =>
      reread(
        ctx.rt.prisma.ticketMessage,
        query,
        reviewResponse(ctx.rt, ctx.actor, String(args.messageId), args.passed).then((r) => ({ id: r.messageId })),
      ),
  }),
}));
