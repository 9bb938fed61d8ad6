import { HealthCheckStatus } from '@opsboard/db';
import { builder } from '../graphql/builder.ts';
import { createHealthCheck, deleteHealthCheck, updateHealthCheck, uptimePercent, uptimeSince } from './service.ts';
import { Ticket } from '../tickets/schema.ts';
import { reread } from '../graphql/reread.ts';

export const HealthCheckStatusEnum = builder.enumType(HealthCheckStatus, {
  name: 'HealthCheckStatus',
  description: 'UNKNOWN before the first check; DEGRADED answers as expected but slower than the latency threshold',
});

builder.prismaObject('HealthCheckResult', {
  authScopes: { reader: true },
  description: 'One check of an endpoint.',
  fields: (t) => ({
    checkedAt: t.expose('checkedAt', { type: 'DateTime' }),
    ok: t.exposeBoolean('ok', { description: 'The expected status arrived within the timeout' }),
    statusCode: t.exposeInt('statusCode', { nullable: true }),
    latencyMs: t.exposeInt('latencyMs', { nullable: true }),
    error: t.exposeString('error', { nullable: true, description: 'Why the check failed (or that it was slow)' }),
  }),
});

const uptime = (hours: number) =>
  ({
    type: 'Float',
    nullable: true,
    description: `Percentage of successful checks in the last ${hours} hours; null without any check in that time`,
    select: { id: true },
    resolve: (c: { id: string }, _args: unknown, ctx: { rt: Parameters<typeof uptimeSince>[0] }) =>
      uptimePercent(ctx.rt.prisma, c.id, uptimeSince(ctx.rt, hours)),
  }) as const;

builder.prismaObject('HealthCheck', {
  authScopes: { reader: true },
  description:
    "A monitored HTTP endpoint (the guide's API health checks). After failuresBeforeIncident failures in a row a P0 ticket is opened and an incident proposed to the on-call engineer.",
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    url: t.exposeString('url'),
    intervalSeconds: t.exposeInt('intervalSeconds'),
    timeoutMs: t.exposeInt('timeoutMs'),
    expectedStatus: t.exposeInt('expectedStatus'),
    latencyThresholdMs: t.exposeInt('latencyThresholdMs', { nullable: true }),
    failuresBeforeIncident: t.exposeInt('failuresBeforeIncident'),
    showOnStatusPage: t.exposeBoolean('showOnStatusPage'),
    enabled: t.exposeBoolean('enabled'),
    status: t.expose('status', { type: HealthCheckStatusEnum }),
    consecutiveFailures: t.exposeInt('consecutiveFailures'),
    lastCheckedAt: t.expose('lastCheckedAt', { type: 'DateTime', nullable: true }),
    lastLatencyMs: t.exposeInt('lastLatencyMs', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last check failed: unreachable, timeout, unexpected status…' }),
    nextCheckAt: t.expose('nextCheckAt', { type: 'DateTime' }),
    downSince: t.expose('downSince', { type: 'DateTime', nullable: true }),
    openTicket: t.field({
      type: Ticket,
      nullable: true,
      description: 'The P0 ticket of the current outage',
      select: { openTicketId: true },
      resolve: (c, _args, ctx) => (c.openTicketId ? ctx.rt.prisma.ticket.findUnique({ where: { id: c.openTicketId } }) : null),
    }),
    uptime24h: t.float(uptime(24)),
    uptime7d: t.float(uptime(24 * 7)),
    uptime30d: t.float(uptime(24 * 30)),
    history: t.relation('results', {
      description: 'Check results, newest first',
      args: { limit: t.arg.int({ defaultValue: 50 }) },
      query: (args) => ({ orderBy: [{ checkedAt: 'desc' }, { id: 'desc' }], take: Math.min(Math.max(args.limit ?? 50, 1), 1000) }),
    }),
  }),
});

const CreateHealthCheckInput = builder.inputType('CreateHealthCheckInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    url: t.string({ required: true, description: 'http:// or https:// URL, checked with GET' }),
    intervalSeconds: t.int({ required: true, description: 'At least 5' }),
    failuresBeforeIncident: t.int({ required: true, description: 'Failures in a row that open a P0 ticket' }),
    timeoutMs: t.int({ description: 'Default 5000; at most the interval' }),
    expectedStatus: t.int({ description: 'Default 200' }),
    latencyThresholdMs: t.int({ description: 'Slower answers are DEGRADED' }),
    showOnStatusPage: t.boolean({ description: 'Default true' }),
  }),
});

const UpdateHealthCheckInput = builder.inputType('UpdateHealthCheckInput', {
  fields: (t) => ({
    name: t.string(),
    url: t.string(),
    intervalSeconds: t.int(),
    failuresBeforeIncident: t.int(),
    timeoutMs: t.int(),
    expectedStatus: t.int(),
    latencyThresholdMs: t.int(),
    showOnStatusPage: t.boolean(),
    enabled: t.boolean(),
  }),
});

builder.queryField('healthChecks', (t) =>
  t.prismaField({
    type: ['HealthCheck'],
    authScopes: { reader: true },
    description: 'Every configured health check, by name.',
    resolve: (query, _root, _args, ctx) => ctx.rt.prisma.healthCheck.findMany({ ...query, orderBy: { name: 'asc' } }),
  }),
);

builder.mutationField('createHealthCheck', (t) =>
  t.prismaField({
    type: 'HealthCheck',
    authScopes: { manager: true },
    description: 'Adds an endpoint and checks it once right away: an unreachable one is created and shows DOWN with lastError.',
    args: { input: t.arg({ type: CreateHealthCheckInput, required: true }) },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.healthCheck, query, createHealthCheck(ctx.rt, ctx.actor, args.input)),
  }),
);

builder.mutationField('updateHealthCheck', (t) =>
  t.prismaField({
    type: 'HealthCheck',
    authScopes: { manager: true },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateHealthCheckInput, required: true }) },
    resolve: (query, _root, args, ctx) => reread(ctx.rt.prisma.healthCheck, query, updateHealthCheck(ctx.rt, ctx.actor, String(args.id), args.input)),
  }),
);

builder.mutationField('deleteHealthCheck', (t) =>
  t.boolean({
    authScopes: { manager: true },
    description: 'Removes a check and its history.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => deleteHealthCheck(ctx.rt, ctx.actor, String(args.id)),
  }),
);
