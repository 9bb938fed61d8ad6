// Users, sessions and display tokens. Passwords are hashed with scrypt (node:crypto); bearer
// tokens are random and only their SHA-256 is stored.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Role } from '@opsboard/db';
import { z } from 'zod';
import { authError, fieldError, notFound, parseInput } from '../platform/errors.ts';
import { type Deps, transact } from '../platform/db.ts';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * scrypt's block size and parallelism (OWASP's password storage cheat sheet: N=2^17, r=8, p=1); N is
 * OPSBOARD_SCRYPT_COST. A stored hash names its own parameters, so a change of cost applies to new
 * hashes, and each user's hash is brought up to date the next time they sign in.
 */
const SCRYPT_R = 8;
const SCRYPT_P = 1;
/** The largest parameters a stored hash may ask for (as the configuration allows): a bad row must not take all memory. */
const MAX = { N: 1_048_576, r: 32, p: 16 };

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** scrypt needs 128·N·r bytes plus 128·r·p; node refuses to use more than `maxmem`, 32 MiB by default. */
const withMaxmem = (params: ScryptParams) => ({ ...params, maxmem: 128 * params.N * params.r * params.p + 1024 * 1024 });

function parseHash(stored: string | null): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const [scheme, n, r, p, salt, hash, ...rest] = (stored ?? '').split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const valid =
    scheme === 'scrypt' &&
    !!salt &&
    !!hash &&
    rest.length === 0 &&
    Number.isInteger(params.N) &&
    params.N > 1 &&
    params.N <= MAX.N &&
    (params.N & (params.N - 1)) === 0 &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= MAX.r &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= MAX.p;
  return valid ? { params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') } : null;
}

/** Who is asking: a signed-in user, or a read-only display (a wallboard). */
export interface Actor {
  /** A person's sign-in, or a display token (a TV), which may read the wallboard and nothing else. */
  kind: 'SESSION' | 'DISPLAY';
  userId: string | null;
  name: string;
  role: Role;
  tokenId: string;
  /** Display tokens and the viewer role see, never change. */
  readOnly: boolean;
  /** When the token stops working (null: never); open WebSockets are closed then. */
  expiresAt?: Date | null;
}

const WRITE_ROLES: readonly Role[] = ['AGENT', 'ENGINEER', 'LEAD', 'MANAGER', 'ADMIN'];
export const canWrite = (actor: Actor | null): boolean => !!actor && actor.kind === 'SESSION' && !actor.readOnly && WRITE_ROLES.includes(actor.role);
export const isManager = (actor: Actor | null): boolean =>
  !!actor && actor.kind === 'SESSION' && !actor.readOnly && (actor.role === 'MANAGER' || actor.role === 'ADMIN');
export const isAdmin = (actor: Actor | null): boolean => !!actor && actor.kind === 'SESSION' && !actor.readOnly && actor.role === 'ADMIN';

/**
 * The authorisation scopes of the GraphQL schema, defined once: resolvers and subscription grouping both use them.
 * `wallboard` is every token's (a display's too); `reader` and up are people's: a display token left on a TV
 * in a lobby reads the wallboard's aggregates, never the tickets, people or event history behind them.
 */
export const SCOPES = {
  wallboard: (actor: Actor | null) => actor !== null,
  reader: (actor: Actor | null) => actor !== null && actor.kind === 'SESSION',
  agent: canWrite,
  manager: isManager,
  admin: isAdmin,
} as const;
export type Scope = keyof typeof SCOPES;
const SCOPE_NAMES = Object.keys(SCOPES) as Scope[];

export const scopesOf = (actor: Actor | null): Record<Scope, boolean> =>
  Object.fromEntries(SCOPE_NAMES.map((name) => [name, SCOPES[name](actor)])) as Record<Scope, boolean>;

/** The scopes an actor holds as one string: subscribers with equal keys may share one execution. */
export const scopeKey = (actor: Actor | null): string => SCOPE_NAMES.filter((name) => SCOPES[name](actor)).join(',');

/** A new hash of `password` at scrypt cost `cost` (N; the configuration's `scryptCost`). */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, withMaxmem({ N: cost, r: SCRYPT_R, p: SCRYPT_P }));
  return `scrypt$${cost}$${SCRYPT_R}$${SCRYPT_P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Whether `password` matches `stored`; without a usable hash it spends the time of one at `cost` all the same. */
export async function verifyPassword(password: string, stored: string | null, cost: number): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) {
    // Spend the same time whether or not the user exists.
    await scryptAsync(password, Buffer.alloc(16), 32, withMaxmem({ N: cost, r: SCRYPT_R, p: SCRYPT_P }));
    return false;
  }
  const actual = await scryptAsync(password, parsed.salt, parsed.hash.length, withMaxmem(parsed.params));
  return timingSafeEqual(actual, parsed.hash);
}

/** Whether `stored` was made with other parameters than today's (a cheaper or dearer N, another r or p). */
export function needsRehash(stored: string | null, cost: number): boolean {
  const params = parseHash(stored)?.params;
  return !params || params.N !== cost || params.r !== SCRYPT_R || params.p !== SCRYPT_P;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

const LoginInput = z.object({
  email: z.email('must be an e-mail address').max(254),
  password: z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters'),
});

export async function login(deps: Deps, raw: { email: string; password: string }): Promise<{ token: string; expiresAt: Date; userId: string }> {
  if (!deps.config.passwordLogin) throw authError('Signing in with a password is switched off here; use single sign-on', 'FORBIDDEN');
  const input = parseInput(LoginInput, raw, '');
  const user = await deps.prisma.user.findUnique({ where: { email: input.email.toLowerCase() } });
  const cost = deps.config.scryptCost;
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null, cost);
  if (!user || !ok || !user.active) throw authError('Wrong e-mail or password', 'UNAUTHENTICATED');
  if (needsRehash(user.passwordHash, cost)) await rehash(deps, user.id, user.passwordHash!, input.password, cost);
  return createSession(deps, user.id);
}

/** A new sign-in token for `userId`, valid for OPSBOARD_SESSION_HOURS: what every way of signing in ends with. */
export async function createSession(deps: Deps, userId: string): Promise<{ token: string; expiresAt: Date; userId: string }> {
  const token = newToken('ops');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessionHours * 3_600_000);
  await deps.prisma.authToken.create({ data: { tokenHash: tokenHash(token), kind: 'SESSION', userId, createdAt: now, expiresAt } });
  return { token, expiresAt, userId };
}

/**
 * Stores a new hash of a password that just matched, at today's cost. Only while the row still holds
 * the hash that was checked (a password changed meanwhile wins); a failure does not fail the sign-in.
 */
async function rehash(deps: Deps, userId: string, old: string, password: string, cost: number): Promise<void> {
  try {
    const passwordHash = await hashPassword(password, cost);
    await deps.prisma.user.updateMany({ where: { id: userId, passwordHash: old }, data: { passwordHash } });
  } catch (error) {
    deps.log.warn({ err: error, userId }, 're-hashing a password failed');
  }
}

const DisplayInput = z.object({ name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters') });

export async function createDisplayToken(deps: Deps, actor: Actor, raw: { name: string }): Promise<{ token: string }> {
  const input = parseInput(DisplayInput, raw, '');
  const token = newToken('dsp');
  await deps.prisma.authToken.create({
    data: { tokenHash: tokenHash(token), kind: 'DISPLAY', name: input.name, createdById: actor.userId, createdAt: deps.clock.now() },
  });
  return { token };
}

export async function revokeToken(deps: Deps, token: string): Promise<void> {
  const row = await deps.prisma.authToken.findUnique({ where: { tokenHash: tokenHash(token) }, select: { id: true } });
  if (row) await revokeTokenById(deps, row.id);
}

/** Who sees which tokens: managers every one, everybody else their own sign-ins. */
const tokensOf = (actor: Actor) => (isManager(actor) ? {} : { userId: actor.userId ?? '' });

/** Tokens newest first (at most 500); the hash stays in the database. */
export function listTokens(deps: Deps, actor: Actor) {
  return deps.prisma.authToken.findMany({
    where: tokensOf(actor),
    orderBy: { createdAt: 'desc' },
    take: 500,
    omit: { tokenHash: true },
  });
}

/**
 * Revokes a token by id for a manager, or for the person whose sign-in it is; a token someone may
 * not revoke is "not found", as one that does not exist.
 */
export async function revokeTokenFor(deps: Deps, actor: Actor, tokenId: string): Promise<boolean> {
  const id = parseInput(z.uuid('must be a token id'), tokenId, 'id');
  const row = await deps.prisma.authToken.findFirst({ where: { id, ...tokensOf(actor) }, select: { id: true } });
  if (!row) throw notFound('Token');
  await revokeTokenById(deps, row.id);
  return true;
}

export const TOKEN_REVOKED = 'TOKEN_REVOKED';
/** A user's role or active state changed: their open WebSockets are closed, so they reconnect with their new rights (or not at all). */
export const ACTOR_CHANGED = 'ACTOR_CHANGED';

const ROLES = ['VIEWER', 'AGENT', 'ENGINEER', 'LEAD', 'MANAGER', 'ADMIN'] as const satisfies readonly Role[];
const UpdateUserInput = z
  .object({ role: z.enum(ROLES).optional().nullable(), active: z.boolean().optional().nullable() })
  .refine((v) => v.role != null || v.active != null, { message: 'give a role or active', path: ['role'] });
export type UpdateUserInput = z.input<typeof UpdateUserInput>;

/**
 * Changes a user's role or active state (admins). It takes effect at once: HTTP requests read the user
 * on every call, and an ACTOR_CHANGED system event closes the user's WebSockets on every instance.
 * Admins cannot demote or deactivate themselves, so the last admin cannot lock everyone out.
 */
export async function updateUser(deps: Deps, actor: Actor, rawId: string, raw: UpdateUserInput) {
  const id = parseInput(z.uuid('must be a user id'), rawId, 'id');
  const input = parseInput(UpdateUserInput, raw);
  if (id === actor.userId) throw fieldError('id', 'you cannot change your own role or deactivate yourself; ask another admin');
  return transact(deps, async (tx, emit) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw notFound(`User ${id}`);
    const user = await tx.user.update({
      where: { id },
      data: { ...(input.role ? { role: input.role } : {}), ...(input.active != null ? { active: input.active } : {}) },
    });
    if (user.role !== before.role || user.active !== before.active) {
      emit({
        topic: 'system',
        type: ACTOR_CHANGED,
        entityType: 'User',
        entityId: id,
        payload: { userId: id, role: user.role, active: user.active, previousRole: before.role, wasActive: before.active, by: actor.userId },
      });
    }
    return user;
  });
}

/**
 * Revokes a token by id and tells every instance (a `system` event), so WebSockets opened with it
 * are closed wherever they are.
 */
export async function revokeTokenById(deps: Deps, tokenId: string): Promise<boolean> {
  return transact(deps, async (tx, emit) => {
    const { count } = await tx.authToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: deps.clock.now() } });
    if (count) emit({ topic: 'system', type: TOKEN_REVOKED, entityType: 'AuthToken', entityId: tokenId, payload: { tokenId } });
    return count > 0;
  });
}

/** The actor behind `Bearer <token>`, or null when there is no header; throws for a bad token. */
export async function authenticate(deps: Deps, authorization: string | null | undefined): Promise<Actor | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S{10,200})$/i.exec(authorization.trim());
  if (!match?.[1]) throw authError('The Authorization header must be "Bearer <token>"');
  const row = await deps.prisma.authToken.findUnique({ where: { tokenHash: tokenHash(match[1]) }, include: { user: true } });
  const now = deps.clock.now();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) throw authError('The token is unknown, expired or revoked');
  touchToken(deps, row.id, row.lastUsedAt, now);
  if (row.kind === 'DISPLAY')
    return { kind: 'DISPLAY', userId: null, name: row.name ?? 'Display', role: 'VIEWER', tokenId: row.id, readOnly: true, expiresAt: row.expiresAt };
  if (!row.user?.active) throw authError('The account is disabled');
  return {
    kind: 'SESSION',
    userId: row.user.id,
    name: row.user.name,
    role: row.user.role,
    tokenId: row.id,
    readOnly: row.user.role === 'VIEWER',
    expiresAt: row.expiresAt,
  };
}

const TOUCH_EVERY_MS = 60_000;

/** Records when a token was last used: at most one write a minute per token, never in the caller's way. */
function touchToken(deps: Deps, id: string, lastUsedAt: Date | null, now: Date): void {
  if (lastUsedAt && now.getTime() - lastUsedAt.getTime() < TOUCH_EVERY_MS) return;
  const stale = new Date(now.getTime() - TOUCH_EVERY_MS);
  deps.prisma.authToken
    .updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] }, data: { lastUsedAt: now } })
    .catch((error: unknown) => deps.log.debug({ err: error }, 'recording token use failed'));
}

/**
 * Creates the admin account from OPSBOARD_ADMIN_EMAIL / OPSBOARD_ADMIN_PASSWORD when no user has that
 * e-mail (the first start on an empty database). An existing account is never changed at start: a
 * password, role or active state set since then survives every restart.
 */
export async function ensureAdmin(deps: Deps): Promise<void> {
  const { adminEmail: email, adminPassword } = deps.config;
  if (await deps.prisma.user.findUnique({ where: { email }, select: { id: true } })) return;
  const passwordHash = await hashPassword(adminPassword, deps.config.scryptCost);
  // `update: {}`: two instances starting together on an empty database create it once.
  await deps.prisma.user.upsert({
    where: { email },
    create: { email, name: 'Admin', role: 'ADMIN', supportLevel: 'MANAGEMENT', passwordHash, timeZone: deps.config.timeZone },
    update: {},
  });
  deps.log.info({ email }, 'created the admin account');
}
