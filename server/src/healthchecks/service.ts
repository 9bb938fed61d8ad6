// Service health checks (the guide's "Tools and Resources → Monitoring": API health checks).
// Each configured endpoint is checked on its own interval with a timeout, an expected status and a
// latency threshold; every result is kept as history and uptime is computed from it. When an
// endpoint fails `failuresBeforeIncident` checks in a row a P0 ticket is opened — once per outage —
// and an incident is proposed to the on-call engineer; the recovery is recorded on the ticket and on
// any incident declared from it.
import type { HealthCheck, HealthCheckStatus, Prisma } from '@opsboard/db';
import { z } from 'zod';
import type { Emit, Tx } from '../platform/events.ts';
import { runExclusive } from '../platform/jobs.ts';
import { fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';
import type { Actor } from '../auth/service.ts';
import { addEntry, formatDuration } from '../incidents/model.ts';
import { getOnCall } from '../oncall/service.ts';
import { notifyUsers, type Recipient } from '../notifications/preferences.ts';
import { createTicketIn } from '../tickets/service.ts';
import { CreateTicketInput, formatTicketNumber } from '../tickets/model.ts';
import { isUuid, text } from '../platform/validation.ts';
import { assertTargetUrl } from '../platform/outbound.ts';
import { probe, type ProbeOutcome } from './probe.ts';

export const MIN_INTERVAL_SECONDS = 5;
const MAX_INTERVAL_SECONDS = 86_400;
const HOUR_MS = 3_600_000;
/** At most this many checks are started per run of the job. */
const BATCH = 200;

/** An absolute http(s) URL; anything else is refused with a message naming the problem. */
const httpUrl = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(2000, 'must be at most 2000 characters')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute http:// or https:// URL' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      ctx.addIssue({ code: 'custom', message: `must use http or https, not ${url.protocol.replace(':', '')}` });
    else if (!url.hostname) ctx.addIssue({ code: 'custom', message: 'must name a host' });
    else if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not carry a user name or password' });
  });

const intervalSeconds = z
  .number()
  .int('must be a whole number of seconds')
  .min(MIN_INTERVAL_SECONDS, `must be at least ${MIN_INTERVAL_SECONDS} seconds`)
  .max(MAX_INTERVAL_SECONDS, `must be at most ${MAX_INTERVAL_SECONDS} seconds (a day)`);
const failuresBeforeIncident = z.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100');
const timeoutMs = z.number().int('must be whole milliseconds').min(100, 'must be at least 100 ms').max(60_000, 'must be at most 60000 ms');
const expectedStatus = z.number().int().min(100, 'must be an HTTP status (100–599)').max(599, 'must be an HTTP status (100–599)');
const latencyThresholdMs = z.number().int('must be whole milliseconds').min(1, 'must be at least 1 ms').max(60_000, 'must be at most 60000 ms');

export const CreateHealthCheckInput = z
  .object({
    name: text(100),
    url: httpUrl,
    intervalSeconds,
    failuresBeforeIncident,
    timeoutMs: timeoutMs.optional().nullable(),
    expectedStatus: expectedStatus.optional().nullable(),
    latencyThresholdMs: latencyThresholdMs.optional().nullable(),
    showOnStatusPage: z.boolean().optional().nullable(),
  })
  .refine((v) => (v.timeoutMs ?? 5_000) <= v.intervalSeconds * 1000, {
    message: 'must not be longer than the interval',
    path: ['timeoutMs'],
  });
export type CreateHealthCheckInput = z.input<typeof CreateHealthCheckInput>;

export const UpdateHealthCheckInput = z
  .object({
    name: text(100).optional().nullable(),
    url: httpUrl.optional().nullable(),
    intervalSeconds: intervalSeconds.optional().nullable(),
    failuresBeforeIncident: failuresBeforeIncident.optional().nullable(),
    timeoutMs: timeoutMs.optional().nullable(),
    expectedStatus: expectedStatus.optional().nullable(),
    latencyThresholdMs: latencyThresholdMs.optional().nullable(),
    showOnStatusPage: z.boolean().optional().nullable(),
    enabled: z.boolean().optional().nullable(),
  })
  .refine((v) => Object.values(v).some((x) => x != null), { message: 'nothing to change' });
export type UpdateHealthCheckInput = z.input<typeof UpdateHealthCheckInput>;

const checkSnapshot = (c: HealthCheck): Prisma.InputJsonObject => ({
  id: c.id,
  name: c.name,
  url: c.url,
  status: c.status,
  consecutiveFailures: c.consecutiveFailures,
  lastCheckedAt: c.lastCheckedAt?.toISOString() ?? null,
  lastError: c.lastError,
  openTicketId: c.openTicketId,
});

/** Creates a check and runs it once right away, so an unreachable endpoint shows as DOWN (with why) in the answer. */
export async function createHealthCheck(deps: Deps, actor: Actor | null, raw: CreateHealthCheckInput): Promise<HealthCheck> {
  const input = parseInput(CreateHealthCheckInput, raw);
  assertTargetUrl(deps.outbound, 'input.url', input.url);
  const created = await transact(deps, async (tx, emit) => {
    if (await tx.healthCheck.findUnique({ where: { name: input.name }, select: { id: true } })) {
      throw fieldError('input.name', `a health check named "${input.name}" already exists`);
    }
    const now = deps.clock.now();
    const check = await tx.healthCheck.create({
      data: {
        name: input.name,
        url: input.url,
        intervalSeconds: input.intervalSeconds,
        failuresBeforeIncident: input.failuresBeforeIncident,
        timeoutMs: input.timeoutMs ?? 5_000,
        expectedStatus: input.expectedStatus ?? 200,
        latencyThresholdMs: input.latencyThresholdMs ?? null,
        showOnStatusPage: input.showOnStatusPage ?? true,
        nextCheckAt: new Date(now.getTime() + input.intervalSeconds * 1000),
        createdById: actor?.userId ?? null,
        createdAt: now,
        updatedAt: now,
      },
    });
    emit({ topic: 'health', type: 'HEALTH_CHECK_CREATED', entityType: 'HealthCheck', entityId: check.id, payload: { healthCheck: checkSnapshot(check) } });
    return check;
  });
  return checkOnce(deps, created, deps.clock.now());
}

export async function updateHealthCheck(deps: Deps, _actor: Actor | null, id: string, raw: UpdateHealthCheckInput): Promise<HealthCheck> {
  const input = parseInput(UpdateHealthCheckInput, raw);
  if (input.url != null) assertTargetUrl(deps.outbound, 'input.url', input.url);
  return transact(deps, async (tx, emit) => {
    const current = await loadCheck(tx, id);
    const interval = input.intervalSeconds ?? current.intervalSeconds;
    const timeout = input.timeoutMs ?? current.timeoutMs;
    if (timeout > interval * 1000)
      throw fieldError(
        input.timeoutMs != null ? 'input.timeoutMs' : 'input.intervalSeconds',
        `the timeout (${timeout} ms) must not be longer than the interval (${interval} s)`,
      );
    if (input.name != null && input.name !== current.name && (await tx.healthCheck.findUnique({ where: { name: input.name }, select: { id: true } }))) {
      throw fieldError('input.name', `a health check named "${input.name}" already exists`);
    }
    const data: Prisma.HealthCheckUpdateInput = { updatedAt: deps.clock.now() };
    for (const key of [
      'name',
      'url',
      'intervalSeconds',
      'failuresBeforeIncident',
      'timeoutMs',
      'expectedStatus',
      'latencyThresholdMs',
      'showOnStatusPage',
      'enabled',
    ] as const) {
      if (input[key] != null) (data as Record<string, unknown>)[key] = input[key];
    }
    if (input.intervalSeconds != null || input.enabled === true) data.nextCheckAt = deps.clock.now();
    const check = await tx.healthCheck.update({ where: { id: current.id }, data });
    emit({ topic: 'health', type: 'HEALTH_CHECK_UPDATED', entityType: 'HealthCheck', entityId: check.id, payload: { healthCheck: checkSnapshot(check) } });
    return check;
  });
}

export async function deleteHealthCheck(deps: Deps, _actor: Actor | null, id: string): Promise<boolean> {
  return transact(deps, async (tx, emit) => {
    const current = await loadCheck(tx, id);
    await tx.healthCheck.delete({ where: { id: current.id } });
    emit({ topic: 'health', type: 'HEALTH_CHECK_DELETED', entityType: 'HealthCheck', entityId: current.id, payload: { healthCheck: checkSnapshot(current) } });
    return true;
  });
}

async function loadCheck(tx: Tx, id: string): Promise<HealthCheck> {
  const check = isUuid(id) ? await tx.healthCheck.findUnique({ where: { id } }) : null;
  if (!check) throw notFound(`Health check ${id.slice(0, 40)}`);
  return check;
}

export const HEALTH_CHECKS_JOB = 'health-checks';

/**
 * The job (every 5 seconds): claims the checks that are due — once across instances, under the
 * job's advisory lock and by moving each check's `nextCheckAt` forward — then probes them in
 * parallel outside any transaction and records each result in its own.
 */
export async function runHealthChecks(deps: Deps): Promise<{ ran: boolean; checked: number; down: number }> {
  const now = deps.clock.now();
  // A cheap look first: most 5-second ticks have nothing due, and need no transaction or lock.
  if (!(await deps.prisma.healthCheck.count({ where: { enabled: true, nextCheckAt: { lte: now } } }))) return { ran: true, checked: 0, down: 0 };
  const claim = await runExclusive(deps, HEALTH_CHECKS_JOB, async (tx) => {
    const due = await tx.healthCheck.findMany({ where: { enabled: true, nextCheckAt: { lte: now } }, orderBy: { nextCheckAt: 'asc' }, take: BATCH });
    const claimed: HealthCheck[] = [];
    for (const check of due) {
      const { count } = await tx.healthCheck.updateMany({
        where: { id: check.id, nextCheckAt: check.nextCheckAt },
        data: { nextCheckAt: new Date(now.getTime() + check.intervalSeconds * 1000) },
      });
      if (count === 1) claimed.push(check);
    }
    return claimed;
  });
  if (!claim.ran) return { ran: false, checked: 0, down: 0 };
  const results = await Promise.all(
    claim.result.map((check) =>
      checkOnce(deps, check, now).catch((error: unknown) => {
        deps.log.error({ err: error, healthCheck: check.name }, 'recording a health check failed');
        return null;
      }),
    ),
  );
  return { ran: true, checked: results.length, down: results.filter((r) => r?.status === 'DOWN').length };
}

/** Probes one check and records the result (and any outage or recovery) in one transaction. */
async function checkOnce(deps: Deps, check: HealthCheck, at: Date): Promise<HealthCheck> {
  const outcome = await probe(deps.outbound, check);
  return recordResult(deps, check.id, outcome, at);
}

export async function recordResult(deps: Deps, checkId: string, outcome: ProbeOutcome, at: Date): Promise<HealthCheck> {
  return transact(deps, async (tx, emit) => {
    // One result at a time per check: the outage ticket is opened once even if two results race.
    await tx.$queryRaw`SELECT id FROM "HealthCheck" WHERE id = ${checkId}::uuid FOR UPDATE`;
    const check = await tx.healthCheck.findUnique({ where: { id: checkId } });
    if (!check) throw notFound(`Health check ${checkId}`);
    await tx.healthCheckResult.create({
      data: { checkId, checkedAt: at, ok: outcome.ok, statusCode: outcome.statusCode, latencyMs: outcome.latencyMs, error: outcome.error },
    });
    const failures = outcome.ok ? 0 : check.consecutiveFailures + 1;
    const status: HealthCheckStatus = outcome.ok ? (outcome.slow ? 'DEGRADED' : 'UP') : 'DOWN';
    let updated = await tx.healthCheck.update({
      where: { id: checkId },
      data: {
        status,
        consecutiveFailures: failures,
        lastCheckedAt: at,
        lastLatencyMs: outcome.latencyMs,
        lastError: outcome.error,
        downSince: outcome.ok ? null : (check.downSince ?? at),
      },
    });
    if (!outcome.ok && failures >= check.failuresBeforeIncident && !check.openTicketId) {
      updated = (await openOutage(tx, emit, deps, updated, at)) ?? updated;
    }
    if (outcome.ok && check.openTicketId) {
      updated = await recordRecovery(tx, emit, deps, updated, check, at);
    }
    if (status !== check.status) {
      emit({
        topic: 'health',
        type: 'HEALTH_CHECK_STATUS_CHANGED',
        entityType: 'HealthCheck',
        entityId: checkId,
        payload: { healthCheck: checkSnapshot(updated), from: check.status, to: status },
      });
    }
    return updated;
  });
}

/** N failures in a row: a P0 ticket (once per outage) and an incident proposed to whoever is on call. */
async function openOutage(tx: Tx, emit: Emit, deps: Deps, check: HealthCheck, at: Date): Promise<HealthCheck | null> {
  const ticket = await createTicketIn(
    tx,
    emit,
    deps,
    null,
    CreateTicketInput.parse({
      title: `${check.name} is down: ${check.consecutiveFailures} health checks failed in a row`,
      description:
        `The health check "${check.name}" (${check.url}) failed ${check.consecutiveFailures} checks in a row ` +
        `(threshold ${check.failuresBeforeIncident}, every ${check.intervalSeconds} s). Last error: ${check.lastError ?? 'unknown'}. ` +
        `Failing since ${(check.downSince ?? at).toISOString()}. Site down: opened automatically by monitoring.`,
      channel: 'WEB',
      type: 'BUG',
      priority: 'P0',
      externalRef: `health-check:${check.id}:${at.toISOString()}`,
      tags: ['health-check', 'monitoring'],
    }),
  );
  // Conditional: if another writer opened the outage first, this transaction's ticket is rolled back.
  const { count } = await tx.healthCheck.updateMany({ where: { id: check.id, openTicketId: null }, data: { openTicketId: ticket.id } });
  if (count !== 1) throw new Error(`health check ${check.id} already has an open outage ticket`);
  const number = formatTicketNumber(deps.config.ticketPrefix, ticket.number);
  const onCall = await getOnCall(deps, null, tx);
  const engineer = onCall?.now?.user ?? null;
  const recipients: Recipient[] = engineer
    ? await tx.user.findMany({
        where: { id: engineer.id, active: true },
        select: { id: true, email: true, timeZone: true, quietHoursStart: true, quietHoursEnd: true },
      })
    : await tx.user.findMany({
        where: { active: true, role: { in: ['LEAD', 'MANAGER'] } },
        select: { id: true, email: true, timeZone: true, quietHoursStart: true, quietHoursEnd: true },
      });
  await notifyUsers(tx, at, recipients, {
    eventType: 'INCIDENT_PROPOSED',
    urgent: true,
    key: `health-check:${check.id}:${ticket.id}:incident-proposed`,
    channel: 'EMAIL',
    template: 'incident_proposal',
    subject: `P0 ${number}: ${check.name} is down — declare an incident?`,
    body:
      `${check.name} (${check.url}) failed ${check.consecutiveFailures} health checks in a row: ${check.lastError ?? 'unknown error'}. ` +
      `P0 ticket ${number} was opened. ${engineer ? 'You are on call: ' : ''}declare an incident from ${number} to open the war room, or resolve the ticket if this is not an outage.`,
    payload: { healthCheckId: check.id, ticketId: ticket.id, ticketNumber: number },
    ticketId: ticket.id,
  });
  await tx.ticketActivity.create({
    data: {
      ticketId: ticket.id,
      actorId: null,
      action: 'incident_proposed',
      toValue: engineer?.name ?? 'leads and managers',
      data: { healthCheckId: check.id, onCallUserId: engineer?.id ?? null, recipients: recipients.map((r) => r.id) },
      createdAt: at,
    },
  });
  emit({
    topic: 'incidents',
    type: 'INCIDENT_PROPOSED',
    entityType: 'Ticket',
    entityId: ticket.id,
    payload: { ticketId: ticket.id, ticketNumber: number, healthCheckId: check.id, healthCheckName: check.name, onCallUserId: engineer?.id ?? null },
  });
  return tx.healthCheck.findUnique({ where: { id: check.id } });
}

/** The endpoint answers again: noted on the outage ticket and on any open incident declared from it. */
async function recordRecovery(tx: Tx, emit: Emit, deps: Deps, check: HealthCheck, before: HealthCheck, at: Date): Promise<HealthCheck> {
  const ticketId = before.openTicketId!;
  const downFor = before.downSince ? formatDuration(at.getTime() - before.downSince.getTime()) : 'an unknown time';
  const body = `Health check "${check.name}" recovered at ${at.toISOString()}: ${check.url} answers again (HTTP ${check.expectedStatus}) after ${downFor} down.`;
  const ticket = await tx.ticket.findUnique({ where: { id: ticketId }, include: { incidents: { include: { incident: true } } } });
  if (ticket) {
    await tx.ticketMessage.create({ data: { ticketId, direction: 'INTERNAL', kind: 'NOTE', body, createdAt: at } });
    await tx.ticketActivity.create({
      data: {
        ticketId,
        actorId: null,
        action: 'health_check_recovered',
        toValue: check.name,
        data: { healthCheckId: check.id, downSince: before.downSince?.toISOString() ?? null },
        createdAt: at,
      },
    });
    for (const link of ticket.incidents) {
      if (link.incident.status !== 'RESOLVED') await addEntry(tx, emit, deps, link.incident, 'NOTE', body, null);
    }
  }
  const updated = await tx.healthCheck.update({ where: { id: check.id }, data: { openTicketId: null } });
  emit({
    topic: 'health',
    type: 'HEALTH_CHECK_RECOVERED',
    entityType: 'HealthCheck',
    entityId: check.id,
    payload: { healthCheck: checkSnapshot(updated), ticketId, downSince: before.downSince?.toISOString() ?? null },
  });
  return updated;
}

/** Share of successful checks (UP or DEGRADED) since `since`, as a percentage; null without any check. */
export async function uptimePercent(db: Deps['prisma'] | Tx, checkId: string, since: Date): Promise<number | null> {
  const rows = await db.healthCheckResult.groupBy({ by: ['ok'], where: { checkId, checkedAt: { gte: since } }, _count: { _all: true } });
  const total = rows.reduce((sum, r) => sum + r._count._all, 0);
  if (!total) return null;
  const ok = rows.find((r) => r.ok)?._count._all ?? 0;
  return Math.round((ok / total) * 100_000) / 1000;
}

export const uptimeSince = (deps: Deps, hours: number): Date => new Date(deps.clock.now().getTime() - hours * HOUR_MS);

export interface HealthSummaryItem {
  id: string;
  name: string;
  status: HealthCheckStatus;
  uptime24h: number | null;
  lastLatencyMs: number | null;
  lastCheckedAt: Date | null;
  downSince: Date | null;
  showOnStatusPage: boolean;
}

/** Every enabled check with its 24 h uptime, for the wallboard and the status page (one query for the uptimes). */
export async function healthSummary(deps: Deps): Promise<HealthSummaryItem[]> {
  const checks = await deps.prisma.healthCheck.findMany({ where: { enabled: true }, orderBy: { name: 'asc' }, take: 50 });
  if (!checks.length) return [];
  const rows = await deps.prisma.healthCheckResult.groupBy({
    by: ['checkId', 'ok'],
    where: { checkId: { in: checks.map((c) => c.id) }, checkedAt: { gte: uptimeSince(deps, 24) } },
    _count: { _all: true },
  });
  return checks.map((c) => {
    const mine = rows.filter((r) => r.checkId === c.id);
    const total = mine.reduce((sum, r) => sum + r._count._all, 0);
    const ok = mine.find((r) => r.ok)?._count._all ?? 0;
    return {
      id: c.id,
      name: c.name,
      status: c.status,
      uptime24h: total ? Math.round((ok / total) * 100_000) / 1000 : null,
      lastLatencyMs: c.lastLatencyMs,
      lastCheckedAt: c.lastCheckedAt,
      downSince: c.downSince,
      showOnStatusPage: c.showOnStatusPage,
    };
  });
}
