import { NotificationChannel, NotificationStatus } from '@opsboard/db';
import { builder } from '../graphql/builder.ts';
import { fieldError } from '../platform/errors.ts';
import { retryNow } from './service.ts';
import { setNotificationPreference, setQuietHours } from './preferences.ts';
import { createWebhookSubscription } from './webhooks.ts';
import { isUuid } from '../platform/validation.ts';
import { reread } from '../graphql/reread.ts';

const NotificationStatusEnum = builder.enumType(NotificationStatus, { name: 'NotificationStatus' });
const NotificationChannelEnum = builder.enumType(NotificationChannel, { name: 'NotificationChannel' });

builder.prismaObject('NotificationAttempt', {
  fields: (t) => ({
    id: t.exposeID('id'),
    attemptedAt: t.expose('attemptedAt', { type: 'DateTime' }),
    ok: t.exposeBoolean('ok'),
    error: t.exposeString('error', { nullable: true }),
    durationMs: t.exposeInt('durationMs'),
  }),
});

builder.prismaObject('Notification', {
  description: 'One message in the outbox: who is told what, on which channel, and how delivery went.',
  fields: (t) => ({
    id: t.exposeID('id'),
    channel: t.expose('channel', { type: NotificationChannelEnum }),
    recipient: t.exposeString('recipient'),
    template: t.exposeString('template'),
    subject: t.exposeString('subject', { nullable: true }),
    body: t.exposeString('body'),
    status: t.expose('status', { type: NotificationStatusEnum }),
    attempts: t.exposeInt('attempts'),
    lastError: t.exposeString('lastError', { nullable: true }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    ticket: t.relation('ticket', { nullable: true }),
    deliveryAttempts: t.relation('deliveryAttempts', { query: { orderBy: { attemptedAt: 'asc' } } }),
  }),
});

builder.prismaObject('WebhookSubscription', {
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    eventTypes: t.exposeStringList('eventTypes'),
    active: t.exposeBoolean('active'),
    failureCount: t.exposeInt('failureCount'),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const WebhookSubscriptionInput = builder.inputType('WebhookSubscriptionInput', {
  fields: (t) => ({
    url: t.string({ required: true }),
    secret: t.string({ required: true, description: 'Deliveries are signed with it (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature)' }),
    eventTypes: t.stringList({ required: true, description: 'Event types such as TICKET_CREATED or SLA_BREACHED, or * for all' }),
  }),
});

builder.queryFields((t) => ({
  notifications: t.prismaField({
    type: ['Notification'],
    authScopes: { manager: true },
    description: 'The outbox, newest first.',
    args: { status: t.arg({ type: NotificationStatusEnum }), first: t.arg.int({ defaultValue: 50 }) },
    resolve: (query, _root, args, ctx) => {
      const take = args.first ?? 50;
      if (take < 1 || take > 500) throw fieldError('first', 'must be between 1 and 500');
      return ctx.rt.prisma.notification.findMany({ ...query, where: args.status ? { status: args.status } : {}, orderBy: { createdAt: 'desc' }, take });
    },
  }),
  webhookSubscriptions: t.prismaField({
    type: ['WebhookSubscription'],
    authScopes: { admin: true },
    resolve: (query, _root, _args, ctx) => ctx.rt.prisma.webhookSubscription.findMany({ ...query, orderBy: { createdAt: 'asc' } }),
  }),
}));

builder.mutationFields((t) => ({
  retryNotifications: t.int({
    authScopes: { manager: true },
    description: 'Puts failed or dead notifications back in line now; returns how many.',
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, args, ctx) =>
      retryNow(
        ctx.rt,
        args.ids.map(String).filter((id) => isUuid(id)),
      ),
  }),
  createWebhookSubscription: t.prismaField({
    type: 'WebhookSubscription',
    authScopes: { admin: true },
    args: { input: t.arg({ type: WebhookSubscriptionInput, required: true }) },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.webhookSubscription, query, createWebhookSubscription(ctx.rt, ctx.actor!, args.input)),
  }),
  setWebhookSubscriptionActive: t.prismaField({
    type: 'WebhookSubscription',
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }), active: t.arg.boolean({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = String(args.id);
      const found = isUuid(id) && (await ctx.rt.prisma.webhookSubscription.findUnique({ where: { id } }));
      if (!found) throw fieldError('id', 'no webhook subscription with that id');
      return ctx.rt.prisma.webhookSubscription.update({
        ...query,
        where: { id },
        data: args.active ? { active: true, disabledAt: null, failureCount: 0 } : { active: false, disabledAt: ctx.rt.clock.now() },
      });
    },
  }),
}));

builder.prismaObject('NotificationPreference', {
  fields: (t) => ({
    eventType: t.exposeString('eventType'),
    channel: t.expose('channel', { type: NotificationChannelEnum }),
    enabled: t.exposeBoolean('enabled'),
  }),
});

const QuietHours = builder.objectRef<{ start: number | null; end: number | null; timeZone: string }>('QuietHours').implement({
  description: 'Hours in your time zone when only P0 and on-call pages reach you.',
  fields: (t) => ({
    start: t.string({ nullable: true, resolve: (q) => hhmm(q.start) }),
    end: t.string({ nullable: true, resolve: (q) => hhmm(q.end) }),
    timeZone: t.exposeString('timeZone'),
  }),
});

const hhmm = (minutes: number | null) =>
  minutes === null ? null : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

builder.queryFields((t) => ({
  myNotificationPreferences: t.prismaField({
    type: ['NotificationPreference'],
    authScopes: { reader: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.actor?.userId
        ? ctx.rt.prisma.notificationPreference.findMany({ ...query, where: { userId: ctx.actor.userId }, orderBy: [{ eventType: 'asc' }, { channel: 'asc' }] })
        : [],
  }),
}));

builder.mutationFields((t) => ({
  setNotificationPreference: t.prismaField({
    type: 'NotificationPreference',
    authScopes: { agent: true },
    description: 'Turn one kind of event on or off for one channel, for yourself.',
    args: {
      eventType: t.arg.string({ required: true }),
      channel: t.arg({ type: NotificationChannelEnum, required: true }),
      enabled: t.arg.boolean({ required: true }),
    },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.notificationPreference, query, setNotificationPreference(ctx.rt, ctx.actor!, args)),
  }),
  setQuietHours: t.field({
    type: QuietHours,
    authScopes: { agent: true },
    description: 'Set (HH:MM, your time zone) or clear (both null) your quiet hours.',
    args: { start: t.arg.string(), end: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const user = await setQuietHours(ctx.rt, ctx.actor!, { start: args.start ?? null, end: args.end ?? null });
      return { start: user.quietHoursStart, end: user.quietHoursEnd, timeZone: user.timeZone };
    },
  }),
}));
