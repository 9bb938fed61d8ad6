import { isAbsolute, resolve } from 'node:path';
import type { Role } from '@opsboard/db';
import { z } from 'zod';
import { type AllowedTargets, parseAllowedTargets } from './outbound.ts';
import { fromRoot } from './paths.ts';
import { isTimeZone } from './validation.ts';

const bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes');
const onOff = z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off']).transform((v) => v === '1' || v === 'true' || v === 'yes' || v === 'on');

const ROLES = ['VIEWER', 'AGENT', 'ENGINEER', 'LEAD', 'MANAGER', 'ADMIN'] as const satisfies readonly Role[];

/** Single sign-on through an OpenID Connect provider (OIDC_*); see the README's "Single sign-on". */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Without it the client is public: PKCE alone protects the code. */
  clientSecret: string | undefined;
  /** Plain http to the provider, allowed only for an issuer on this machine (localhost, 127.0.0.1, ::1): development and tests. */
  insecureLoopback: boolean;
  roleClaim: string | undefined;
  /** Claim value (lower case) → role; values that name a role (VIEWER…ADMIN, any case) map to it without an entry. */
  roleMap: Record<string, Role>;
  defaultRole: Role;
  createUsers: boolean;
  label: string;
  scopes: string;
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** "ops-admins=ADMIN, support=AGENT" → { 'ops-admins': 'ADMIN', support: 'AGENT' }; throws naming a bad entry. */
export function parseRoleMap(value: string): Record<string, Role> {
  const map: Record<string, Role> = {};
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const at = entry.lastIndexOf('=');
    const claim = entry.slice(0, at).trim().toLowerCase();
    const role = entry
      .slice(at + 1)
      .trim()
      .toUpperCase();
    if (at < 1 || !claim || !(ROLES as readonly string[]).includes(role))
      throw new Error(`"${entry}" must be claim-value=ROLE with ROLE one of ${ROLES.join(', ')}`);
    map[claim] = role as Role;
  }
  return map;
}

/** "points/seconds", e.g. "10/60": at most 10 per 60 s per client. */
const rate = z
  .string()
  .regex(/^\d{1,6}\/\d{1,6}$/, 'must look like 10/60 (requests per seconds)')
  .transform((v) => {
    const [points, seconds] = v.split('/').map(Number) as [number, number];
    return { points, seconds };
  })
  .refine((r) => r.points > 0 && r.seconds > 0, 'both numbers must be above 0');

export interface RateRule {
  points: number;
  seconds: number;
}

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  OPSBOARD_DATA_DIR: z.string().optional(),
  OPSBOARD_ADMIN_EMAIL: z.email().default('admin@opsboard.example'),
  OPSBOARD_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  OPSBOARD_DEMO_DATA: bool.default(true),
  OPSBOARD_TIME_ZONE: z.string().default('America/New_York'),
  OPSBOARD_TICKET_PREFIX: z
    .string()
    .regex(/^[A-Z]{1,6}$/, 'must be 1–6 capital letters')
    .default('PM'),
  OPSBOARD_SCRYPT_COST: z.coerce
    .number()
    .int()
    .min(1024, 'must be at least 1024')
    .max(1_048_576, 'must be at most 1048576')
    .refine((n) => (n & (n - 1)) === 0, 'must be a power of two')
    .default(131_072),
  OPSBOARD_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 30),
  OPSBOARD_JOBS: bool.default(true),
  OPSBOARD_EVENT_POLL_MS: z.coerce.number().int().min(50).default(1_000),
  OPSBOARD_WEB_DIST: z.string().optional(),
  OPSBOARD_PUBLIC_URL: z.url('must be an http(s) URL').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  OPSBOARD_MAIL_FROM: z.string().default('opsboard support <support@opsboard.example>'),
  CHAT_WEBHOOK_URL: z.url('must be an http(s) URL').optional(),
  IMAP_URL: z
    .string()
    .regex(/^imaps?:\/\//, 'must be an imaps:// or imap:// URL')
    .optional(),
  IMAP_PROCESSED_FOLDER: z.string().trim().min(1).max(200, 'must be at most 200 characters').optional(),
  IMAP_POLL_SECONDS: z.coerce.number().int('must be whole seconds').min(1, 'must be at least 1 second').max(3600, 'must be at most 3600 seconds').default(60),
  OPSBOARD_AUTO_CLOSE_DAYS: z.coerce.number().int('must be whole days').min(1, 'must be at least 1 day').max(365, 'must be at most 365 days').default(7),
  OPSBOARD_PAGE_ACK_MINUTES: z.coerce
    .number()
    .int('must be whole minutes')
    .min(1, 'must be at least 1 minute')
    .max(60, 'must be at most 60 minutes')
    .default(5),
  OPSBOARD_EVENT_RETENTION_DAYS: z.coerce
    .number()
    .int('must be whole days')
    .min(1, 'must be at least 1 day')
    .max(3650, 'must be at most 3650 days')
    .default(30),
  OPSBOARD_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  OPSBOARD_NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  OPSBOARD_NOTIFY_CONCURRENCY: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(32, 'must be at most 32').default(4),
  OPSBOARD_ALLOWED_TARGETS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseAllowedTargets(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `${(error as Error).message} (expected e.g. 127.0.0.1,10.0.0.0/8,mail.internal)` });
        return z.NEVER;
      }
    }),
  OPSBOARD_RATE_LIMIT_LOGIN: rate.prefault('10/60'),
  OPSBOARD_RATE_LIMIT_LOGIN_ADDRESS: rate.prefault('30/900'),
  OPSBOARD_RATE_LIMIT_LOGIN_ACCOUNT: rate.prefault('20/900'),
  OPSBOARD_RATE_LIMIT_SSO: rate.prefault('30/60'),
  OPSBOARD_RATE_LIMIT_WEBHOOKS: rate.prefault('120/60'),
  OPSBOARD_RATE_LIMIT_CSAT: rate.prefault('30/60'),
  OPSBOARD_RATE_LIMIT_STATUS: rate.prefault('300/60'),
  GITHUB_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  GITHUB_TOKEN: z
    .string()
    .regex(/^[\w.-]{20,255}$/, 'must be a GitHub token (letters, digits, _ . and -, 20 to 255 characters)')
    .optional(),
  GITHUB_API_URL: z
    .url('must be an http(s) URL')
    .default('https://api.github.com')
    .refine((value) => {
      const url = URL.parse(value);
      return !url || url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname));
    }, 'must be an https:// URL (plain http only for a server on this machine: localhost, 127.0.0.1, [::1])')
    .transform((value) => value.replace(/\/+$/, '')),
  OPSBOARD_EMAIL_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  OPSBOARD_GITHUB_REPOSITORIES: z
    .string()
    .regex(/^\s*[\w.-]+\/[\w.-]+\s*(,\s*[\w.-]+\/[\w.-]+\s*)*$/, 'must be owner/name, separated by commas')
    .optional(),
  OPSBOARD_WS_MAX_BUFFERED_KB: z.coerce.number().int().min(16).max(1_048_576).default(1_024),
  OPSBOARD_TRUST_PROXY: bool.default(false),
  OPSBOARD_GRAPHIQL: bool.default(false),
  OPSBOARD_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').max(200, 'must be at most 200 characters').optional(),
  OPSBOARD_PASSWORD_LOGIN: onOff.default(true),
  OIDC_ISSUER: z.url('must be an http(s) URL').optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  OIDC_ROLE_CLAIM: z
    .string()
    .regex(/^[\w:/.-]{1,200}$/, 'must be a claim name (a dotted path reaches into objects, e.g. realm_access.roles)')
    .optional(),
  OIDC_ROLE_MAP: z.string().max(4000).optional(),
  OIDC_DEFAULT_ROLE: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }).default('VIEWER'),
  OIDC_CREATE_USERS: onOff.default(true),
  OIDC_LABEL: z.string().trim().min(1).max(60, 'must be at most 60 characters').default('single sign-on'),
  OIDC_SCOPES: z
    .string()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'must be scopes separated by single spaces')
    .refine((v) => v.split(' ').includes('openid'), 'must include openid')
    .default('openid email profile'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  databaseConnectTimeoutMs: number;
  redisUrl: string | undefined;
  dataDir: string;
  adminEmail: string;
  /** The first admin's password, used once: when that account is created on a database without it. */
  adminPassword: string;
  demoData: boolean;
  timeZone: string;
  ticketPrefix: string;
  sessionHours: number;
  /** scrypt's N for password hashes (OWASP: 2^17 with r=8, p=1, 128 MiB a hash); older hashes are redone at sign-in. */
  scryptCost: number;
  eventPollMs: number;
  /** Run scheduled jobs on this instance (tests turn them off and call the jobs with their own clock). */
  jobs: boolean;
  webDist: string | undefined;
  /** Where people reach this opsboard (links in e-mails, chat messages and iCal feeds), without a trailing slash. */
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The domain of outgoing Message-IDs (from OPSBOARD_MAIL_FROM). */
  mailDomain: string;
  chatWebhookUrl: string | undefined;
  /** The support mailbox watched over IMAP (IMAP_URL); each new message becomes a ticket or a reply. */
  imap: ImapSettings | undefined;
  /** A RESOLVED ticket without an answer from its user closes after this many days. */
  autoCloseDays: number;
  /** A page nobody acknowledged moves one step up the chain after this many minutes. */
  pageAckMinutes: number;
  /** Events (the log behind subscriptions and replays) older than this many days are deleted hourly. */
  eventRetentionDays: number;
  notifyMaxAttempts: number;
  /** How long a chat or webhook receiver may take to answer, and an SMTP server each step of a mail (connect, greeting, silence). */
  notifyTimeoutMs: number;
  /** How many notifications one outbox worker sends at a time, so one slow receiver does not hold up the rest. */
  notifyConcurrency: number;
  /** Hosts, addresses and ranges that health checks, webhooks, chat and SMTP may reach although they are not public. */
  allowedTargets: AllowedTargets;
  /**
   * Rate limits per client address; `login` per address and e-mail (every attempt), `loginAddress`
   * per address over all e-mails and `loginAccount` per e-mail over all addresses (failed attempts).
   */
  rateLimits: { login: RateRule; loginAddress: RateRule; loginAccount: RateRule; sso: RateRule; webhooks: RateRule; csat: RateRule; status: RateRule };
  /** Secret of the GitHub webhook (X-Hub-Signature-256); without it /webhooks/github answers 503. */
  githubWebhookSecret: string | undefined;
  /**
   * Secret of the e-mail webhook (an X-Opsboard-Signature HMAC or the password of HTTP Basic auth);
   * without it /webhooks/email answers 503, except with demo data, where it stays open.
   */
  emailWebhookSecret: string | undefined;
  /** Repositories (owner/name, lower case) whose issues become tickets; empty accepts every repository. */
  githubRepositories: string[];
  /**
   * Token that comments on the issues GitHub tickets came from (the acknowledgement and every message
   * to the requester); without it those messages are recorded on the ticket only. It is sent to
   * `githubApiUrl` and nowhere else.
   */
  githubToken: string | undefined;
  /** The GitHub REST API (GitHub Enterprise: https://HOST/api/v3), without a trailing slash. */
  githubApiUrl: string;
  /** A WebSocket with more than this many bytes waiting to be written is closed (1013); its client resumes by last id. */
  wsMaxBufferedBytes: number;
  /** Take the client address from X-Forwarded-For (set by the proxy in front) for rate limits and logs. */
  trustProxy: boolean;
  /** Serve GraphiQL (bundled, no CDN) at GET /graphql for browsers; off unless OPSBOARD_GRAPHIQL=1. */
  graphiql: boolean;
  /** Bearer token /metrics asks for; without it /metrics answers only in demo mode (404 otherwise). */
  metricsToken: string | undefined;
  /** The `login` mutation (e-mail and password) works; off leaves single sign-on as the only way in. */
  passwordLogin: boolean;
  oidc: OidcConfig | undefined;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
}

/** IMAP_URL, IMAP_PROCESSED_FOLDER and IMAP_POLL_SECONDS, parsed. */
export interface ImapSettings {
  host: string;
  port: number;
  /** TLS from the start (imaps://); imap:// upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
  /** Where processed messages are moved; without it they stay in the mailbox, marked \Seen. */
  processedFolder: string | undefined;
  /** How often the mailbox is searched besides IMAP IDLE (and how often a standby instance asks for the lease). */
  pollMs: number;
}

export class ConfigError extends Error {}

/** `imaps://user:pass@host[:port][/MAILBOX]` → settings; user and password are URL-decoded, the mailbox defaults to INBOX. */
export function parseImapUrl(value: string, processedFolder: string | undefined, pollSeconds: number): ImapSettings {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('invalid configuration:\n  IMAP_URL: not a URL (expected imaps://user:password@mail.example.com/INBOX)');
  }
  const secure = url.protocol === 'imaps:';
  if (!url.hostname) throw new ConfigError('invalid configuration:\n  IMAP_URL: the host is missing');
  if (!url.username || !url.password)
    throw new ConfigError(
      'invalid configuration:\n  IMAP_URL: the user and password are missing (imaps://user:password@host/INBOX; encode @ in the user as %40)',
    );
  const mailbox = decodeURIComponent(url.pathname.replace(/^\/+/, '')) || 'INBOX';
  if (processedFolder !== undefined && processedFolder === mailbox)
    throw new ConfigError('invalid configuration:\n  IMAP_PROCESSED_FOLDER: must differ from the watched mailbox');
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    mailbox,
    processedFolder,
    pollMs: pollSeconds * 1000,
  };
}

/** The admin's password in demo mode when OPSBOARD_ADMIN_PASSWORD is not set (the README's quick start). */
export const DEMO_ADMIN_PASSWORD = 'opsboard-demo';

/** Reads the configuration from the environment; every variable is listed in the README. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (!isTimeZone(e.OPSBOARD_TIME_ZONE))
    throw new ConfigError(`invalid configuration:\n  OPSBOARD_TIME_ZONE: unknown IANA time zone "${e.OPSBOARD_TIME_ZONE}"`);
  if (!e.OPSBOARD_DEMO_DATA && e.OPSBOARD_ADMIN_PASSWORD === undefined)
    throw new ConfigError(
      'invalid configuration:\n  OPSBOARD_ADMIN_PASSWORD: required when OPSBOARD_DEMO_DATA is off — set the password of the first admin account (at least 8 characters)',
    );
  const oidc = oidcConfig(e);
  if (!e.OPSBOARD_PASSWORD_LOGIN && !oidc)
    throw new ConfigError(
      'invalid configuration:\n  OPSBOARD_PASSWORD_LOGIN: off needs single sign-on (OIDC_ISSUER and OIDC_CLIENT_ID), or nobody could sign in',
    );
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    dataDir: dataDir(e.OPSBOARD_DATA_DIR, env),
    adminEmail: e.OPSBOARD_ADMIN_EMAIL.toLowerCase(),
    adminPassword: e.OPSBOARD_ADMIN_PASSWORD ?? DEMO_ADMIN_PASSWORD,
    demoData: e.OPSBOARD_DEMO_DATA,
    timeZone: e.OPSBOARD_TIME_ZONE,
    ticketPrefix: e.OPSBOARD_TICKET_PREFIX,
    sessionHours: e.OPSBOARD_SESSION_HOURS,
    scryptCost: e.OPSBOARD_SCRYPT_COST,
    eventPollMs: e.OPSBOARD_EVENT_POLL_MS,
    jobs: e.OPSBOARD_JOBS,
    webDist: e.OPSBOARD_WEB_DIST,
    publicUrl: (e.OPSBOARD_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.OPSBOARD_MAIL_FROM,
    mailDomain: /@([^>\s]+)/.exec(e.OPSBOARD_MAIL_FROM)?.[1] ?? 'opsboard.example',
    chatWebhookUrl: e.CHAT_WEBHOOK_URL,
    imap: e.IMAP_URL ? parseImapUrl(e.IMAP_URL, e.IMAP_PROCESSED_FOLDER, e.IMAP_POLL_SECONDS) : undefined,
    autoCloseDays: e.OPSBOARD_AUTO_CLOSE_DAYS,
    pageAckMinutes: e.OPSBOARD_PAGE_ACK_MINUTES,
    eventRetentionDays: e.OPSBOARD_EVENT_RETENTION_DAYS,
    notifyMaxAttempts: e.OPSBOARD_NOTIFY_MAX_ATTEMPTS,
    notifyTimeoutMs: e.OPSBOARD_NOTIFY_TIMEOUT_MS,
    notifyConcurrency: e.OPSBOARD_NOTIFY_CONCURRENCY,
    allowedTargets: e.OPSBOARD_ALLOWED_TARGETS,
    rateLimits: {
      login: e.OPSBOARD_RATE_LIMIT_LOGIN,
      loginAddress: e.OPSBOARD_RATE_LIMIT_LOGIN_ADDRESS,
      loginAccount: e.OPSBOARD_RATE_LIMIT_LOGIN_ACCOUNT,
      sso: e.OPSBOARD_RATE_LIMIT_SSO,
      webhooks: e.OPSBOARD_RATE_LIMIT_WEBHOOKS,
      csat: e.OPSBOARD_RATE_LIMIT_CSAT,
      status: e.OPSBOARD_RATE_LIMIT_STATUS,
    },
    githubWebhookSecret: e.GITHUB_WEBHOOK_SECRET,
    emailWebhookSecret: e.OPSBOARD_EMAIL_WEBHOOK_SECRET,
    githubRepositories: (e.OPSBOARD_GITHUB_REPOSITORIES ?? '')
      .split(',')
      .map((r) => r.trim().toLowerCase())
      .filter(Boolean),
    githubToken: e.GITHUB_TOKEN,
    githubApiUrl: e.GITHUB_API_URL,
    wsMaxBufferedBytes: e.OPSBOARD_WS_MAX_BUFFERED_KB * 1024,
    trustProxy: e.OPSBOARD_TRUST_PROXY,
    graphiql: e.OPSBOARD_GRAPHIQL,
    metricsToken: e.OPSBOARD_METRICS_TOKEN,
    passwordLogin: e.OPSBOARD_PASSWORD_LOGIN,
    oidc,
    logLevel: e.LOG_LEVEL,
  };
}

function oidcConfig(e: z.infer<typeof Env>): OidcConfig | undefined {
  const fail = (name: string, message: string) => new ConfigError(`invalid configuration:\n  ${name}: ${message}`);
  if (!e.OIDC_ISSUER) {
    const stray = (['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_CLAIM', 'OIDC_ROLE_MAP'] as const).find((name) => e[name] !== undefined);
    if (stray) throw fail('OIDC_ISSUER', `required when ${stray} is set`);
    return undefined;
  }
  if (!e.OIDC_CLIENT_ID) throw fail('OIDC_CLIENT_ID', 'required when OIDC_ISSUER is set');
  const issuer = new URL(e.OIDC_ISSUER);
  const loopback = LOOPBACK_HOSTS.includes(issuer.hostname);
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && loopback))
    throw fail('OIDC_ISSUER', 'must be an https:// URL (plain http only for a provider on this machine: localhost, 127.0.0.1, [::1])');
  let roleMap: Record<string, Role>;
  try {
    roleMap = parseRoleMap(e.OIDC_ROLE_MAP ?? '');
  } catch (error) {
    throw fail('OIDC_ROLE_MAP', (error as Error).message);
  }
  if (e.OIDC_ROLE_MAP && !e.OIDC_ROLE_CLAIM) throw fail('OIDC_ROLE_CLAIM', 'required when OIDC_ROLE_MAP is set');
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    insecureLoopback: issuer.protocol === 'http:',
    roleClaim: e.OIDC_ROLE_CLAIM,
    roleMap,
    defaultRole: e.OIDC_DEFAULT_ROLE,
    createUsers: e.OIDC_CREATE_USERS,
    label: e.OIDC_LABEL,
    scopes: e.OIDC_SCOPES,
  };
}

/** The repository's `.data` by default; a relative path counts from where the command was run. */
function dataDir(value: string | undefined, env: NodeJS.ProcessEnv): string {
  if (!value) return fromRoot('.data');
  if (value.startsWith('memory://') || isAbsolute(value)) return value;
  return resolve(env.INIT_CWD ?? process.cwd(), value);
}
