// Generated input against every mutation and every webhook: from the printed schema, fast-check
// makes arguments of wrong types, nulls, huge and empty strings, NUL bytes, lone surrogates, deep
// JSON, huge lists, random and real ids, malformed dates and unknown enum values, and sends them as
// the admin over HTTP. Whatever comes in, the answer is a clear 4xx or a success: never a 5xx or an
// unexpected (masked) error, the server stays up, and nothing is half-written.
// The seed is fixed (FUZZ_SEED overrides it) and printed, so a failure reproduces.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildSchema,
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { declareIncident } from '../../support/factories/incidents.ts';
import { signEmail } from '../../support/factories/intake.ts';
import { createRotation } from '../../support/factories/oncall.ts';
import { createPeople } from '../../support/factories/people.ts';
import { createTicket } from '../../support/factories/tickets.ts';
import { startServer, type TestServer } from '../../support/server.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
/** Requests per mutation; each webhook gets WEBHOOK_RUNS. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 110);
const WEBHOOK_RUNS = 200;
const GITHUB_SECRET = 'fuzz-github-webhook-secret';
const schema = buildSchema(readFileSync(new URL('../../../server/schema.graphql', import.meta.url), 'utf8'));
const mutations = Object.values(schema.getMutationType()!.getFields());

let server: TestServer;
/** Real values from the seeded data, by kind: ids of each table, ticket numbers, template keys, e-mail addresses. */
const real: Record<string, string[]> = {};

beforeAll(async () => {
  server = await startServer({
    env: { OPSBOARD_RATE_LIMIT_WEBHOOKS: '100000/60', OPSBOARD_RATE_LIMIT_CSAT: '100000/60', GITHUB_WEBHOOK_SECRET: GITHUB_SECRET },
  });
  // A little of everything the mutations name, made through the API, so some generated requests hit real rows.
  const people = await createPeople(server, ['Ada Fuzz', 'Ben Fuzz'], 'ENGINEER');
  await createRotation(server, people);
  for (let i = 0; i < 4; i += 1) await createTicket(server, { title: `Seeded ${i}` });
  await declareIncident(server, { title: 'Seeded incident', severity: 'P1' });
  const prisma = server.app.rt.prisma;
  const ids = async (rows: Promise<{ id: string }[]>) => (await rows).map((r) => r.id);
  Object.assign(real, {
    ticket: await ids(prisma.ticket.findMany({ take: 8, select: { id: true } })),
    incident: await ids(prisma.incident.findMany({ take: 5, select: { id: true } })),
    user: await ids(prisma.user.findMany({ take: 5, select: { id: true } })),
    page: await ids(prisma.page.findMany({ take: 5, select: { id: true } })),
    rotation: await ids(prisma.onCallRotation.findMany({ take: 3, select: { id: true } })),
    timeline: await ids(prisma.incidentTimelineEntry.findMany({ take: 3, select: { id: true } })),
    number: (await prisma.ticket.findMany({ take: 5, select: { number: true } })).map((t) => `PM-${t.number}`),
    key: (await prisma.responseTemplate.findMany({ take: 5, select: { key: true } })).map((t) => t.key),
    email: (await prisma.user.findMany({ take: 3, select: { email: true } })).map((u) => u.email),
  });
  for (const [kind, values] of Object.entries(real)) if (!values.length) delete real[kind];
});
afterAll(async () => server?.stop());

// ───────────────────────────── values ─────────────────────────────

const deep = (depth: number): unknown => (depth === 0 ? 'leaf' : depth % 2 ? [deep(depth - 1)] : { a: deep(depth - 1) });

const hostileString = fc.oneof(
  fc.constantFrom('', ' ', 'x'.repeat(20_000), 'y'.repeat(10_001), 'a\u0000b', '\u0000', 'half \uD800 pair', '\uDFFF', '\u202E\u200B', 'null', '<script>'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom("' OR 1=1 --", '${jndi:x}', '../../etc/passwd', '%00', '{{body}}', 'PM-0', 'PM-99999999999'),
);
const dateString = fc.oneof(
  fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-13-45T99:99:99Z', '2026-02-30', 'yesterday', '0000-00-00', '+275760-09-13T00:00:00.001Z', '9999-12-31T23:59:59Z', '2026-03-02'),
);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.constant(deep(30)), fc.constant(Array(1_500).fill(1)), hostileString);
/** A value of the wrong kind for almost any argument. */
const wrongKind = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.constant(2 ** 53),
  fc.constant(-1),
  hostileString,
);

/** Real values of the kind an argument's name or its mutation suggests, or any real id. */
function realFor(argument: string, mutation: string): string[] {
  const name = `${argument} ${mutation}`.toLowerCase();
  const kinds = Object.keys(real).filter((kind) => name.includes(kind));
  const chosen = kinds.flatMap((k) => real[k] ?? []);
  return chosen.length ? chosen : Object.values(real).flat();
}

function valueFor(type: GraphQLInputType, argument: string, mutation: string, depth = 0): fc.Arbitrary<unknown> {
  const nullable = getNullableType(type) as GraphQLInputType;
  const wrong = isNonNullType(type) ? fc.oneof(wrongKind, fc.constant(undefined)) : wrongKind;
  const reals = realFor(argument, mutation);
  let right: fc.Arbitrary<unknown>;
  if (isListType(nullable)) {
    const item = valueFor(nullable.ofType, argument, mutation, depth + 1);
    right = fc.oneof(
      fc.array(item, { maxLength: 4 }),
      item.map((v) => Array(1_200).fill(v)),
      item,
    );
  } else if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields());
    right =
      depth > 3
        ? fc.constant({})
        : fc
            .record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, f.name, mutation, depth + 1)])), { requiredKeys: [] })
            .chain((v) => fc.oneof({ weight: 4, arbitrary: fc.constant(v) }, { weight: 1, arbitrary: fc.constant({ ...v, unknownField: 1 }) }));
  } else if (isEnumType(nullable)) {
    right = fc.oneof(fc.constantFrom(...nullable.getValues().map((v) => v.name)), fc.constantFrom('NOPE', 'low', ''));
  } else {
    switch (getNamedType(nullable).name) {
      case 'ID':
        right = fc.oneof(fc.constantFrom(...reals), fc.uuid(), fc.string({ maxLength: 300 }), fc.integer());
        break;
      case 'String':
        right = fc.oneof(
          fc.constantFrom(...reals),
          fc.lorem({ maxCount: 5 }),
          hostileString,
          dateString,
          fc.constantFrom('09:00', '25:61', 'http://127.0.0.1:1/x'),
        );
        break;
      case 'Int':
        right = fc.oneof(fc.integer({ min: -10, max: 10_000 }), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 0.5, '3'));
        break;
      case 'Float':
        right = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant('1.5'));
        break;
      case 'Boolean':
        right = fc.oneof(fc.boolean(), fc.constantFrom('true', 0));
        break;
      case 'DateTime':
        right = dateString;
        break;
      case 'JSON':
        right = anyJson;
        break;
      default:
        right = wrongKind;
    }
  }
  return fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

// ───────────────────────────── requests ─────────────────────────────

interface Answer {
  status: number;
  body: unknown;
  what: string;
}

function documentFor(field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `mutation Fuzz${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

async function send(path: string, init: RequestInit, what: string): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML and plain-text answers stay text
  }
  return { status: response.status, body, what };
}

function graphqlRequest(field: GraphQLField<unknown, unknown>, variables: Record<string, unknown>): Promise<Answer> {
  // logout with the admin's own token would sign the run out: it gets a random bearer instead.
  const token = field.name === 'logout' ? 'not-a-token' : server.adminToken;
  const body = JSON.stringify({ query: documentFor(field), variables });
  return send(
    '/graphql',
    { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body },
    `${field.name} ${body.slice(0, 300)}`,
  );
}

const ISSUE_ACTIONS = ['opened', 'edited', 'closed', 'reopened', 'labeled', 'deleted', 'nonsense'];
const githubPayload = fc.record(
  {
    action: fc.oneof(fc.constantFrom(...ISSUE_ACTIONS), wrongKind),
    issue: fc.oneof(
      fc.record(
        {
          title: fc.oneof(hostileString, fc.lorem()),
          body: fc.oneof(hostileString, fc.constant(null)),
          html_url: fc.oneof(fc.webUrl(), hostileString, fc.constantFrom('https://github.com/acme/app/issues/1')),
          number: fc.oneof(fc.nat(), wrongKind),
          user: fc.oneof(fc.record({ login: fc.oneof(hostileString, fc.constant('octocat')) }), wrongKind),
          labels: fc.oneof(fc.array(fc.record({ name: hostileString }), { maxLength: 30 }), wrongKind),
          state: fc.constantFrom('open', 'closed'),
        },
        { requiredKeys: [] },
      ),
      wrongKind,
    ),
    comment: fc.oneof(fc.record({ body: hostileString, user: fc.record({ login: fc.constant('octocat') }), id: fc.nat() }), wrongKind),
    repository: fc.oneof(fc.record({ full_name: fc.oneof(fc.constant('acme/app'), hostileString) }), wrongKind),
  },
  { requiredKeys: [] },
);
const intakePayload = fc.oneof(
  fc.record(
    {
      channel: fc.oneof(fc.constantFrom('SOCIAL', 'COMMUNITY', 'WEB'), wrongKind),
      author: fc.oneof(fc.constant('Ann'), hostileString, wrongKind),
      handle: fc.oneof(hostileString, wrongKind),
      url: fc.oneof(fc.webUrl(), hostileString),
      text: fc.oneof(fc.lorem(), hostileString, wrongKind),
      email: fc.oneof(fc.emailAddress(), hostileString),
      title: fc.oneof(fc.lorem(), hostileString, wrongKind),
    },
    { requiredKeys: [] },
  ),
  anyJson,
);
const mailText = fc
  .record({
    from: fc.oneof(fc.emailAddress(), hostileString),
    name: hostileString,
    subject: fc.oneof(hostileString, fc.constantFrom('[PM-1] re: help', 'Re: x')),
    body: hostileString,
    ref: fc.oneof(
      fc.constant(''),
      hostileString.map((s) => `In-Reply-To: <${s}>\n`),
    ),
  })
  .map(({ from, name, subject, body, ref }) => `From: "${name}" <${from}>\nSubject: ${subject}\n${ref}Content-Type: text/plain; charset=utf-8\n\n${body}\n`);

// ───────────────────────────── the run ─────────────────────────────

it(`answers generated hostile input with a 4xx or a success, never a 5xx (seed ${SEED})`, async () => {
  console.info(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} reproduces this run)`);
  const prisma = server.app.rt.prisma;
  const ticketsBefore = await prisma.ticket.count();
  const clocklessBefore = await prisma.ticket.count({ where: { slaClocks: { none: {} } } });
  const started = performance.now();
  const answers: Answer[] = [];
  const run = async (requests: (() => Promise<Answer>)[]) => {
    for (let i = 0; i < requests.length; i += 8) answers.push(...(await Promise.all(requests.slice(i, i + 8).map((r) => r()))));
  };

  let seed = SEED;
  for (const field of mutations) {
    const variables = fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type, a.name, field.name)])), { requiredKeys: [] });
    const samples = fc.sample(variables, { seed: seed++, numRuns: RUNS });
    await run(samples.map((v) => () => graphqlRequest(field, v)));
  }

  const githubBodies = fc.sample(fc.oneof({ weight: 5, arbitrary: githubPayload.map((p) => JSON.stringify(p)) }, { weight: 1, arbitrary: hostileString }), {
    seed: seed++,
    numRuns: WEBHOOK_RUNS,
  });
  await run(
    githubBodies.flatMap((body, i) => {
      const headers = {
        'content-type': 'application/json',
        'x-github-event': i % 7 === 0 ? 'issue_comment' : i % 11 === 0 ? 'ping' : 'issues',
        'x-github-delivery': `fuzz-${seed}-${i}`,
      };
      const signature = `sha256=${createHmac('sha256', GITHUB_SECRET).update(body).digest('hex')}`;
      return [
        () => send('/webhooks/github', { method: 'POST', headers: { ...headers, 'x-hub-signature-256': signature }, body }, `github ${body.slice(0, 300)}`),
        () =>
          send(
            '/webhooks/github',
            { method: 'POST', headers: { ...headers, 'x-hub-signature-256': 'sha256=00' }, body },
            `github unsigned ${body.slice(0, 100)}`,
          ),
      ];
    }),
  );
  const intakeBodies = fc.sample(
    intakePayload.map((p) => JSON.stringify(p) ?? 'null'),
    { seed: seed++, numRuns: WEBHOOK_RUNS },
  );
  await run(
    intakeBodies.map(
      (body, i) => () =>
        send(
          '/webhooks/intake',
          { method: 'POST', headers: { 'content-type': 'application/json', ...(i % 5 === 0 ? { 'idempotency-key': 'k'.repeat(i % 300) } : {}) }, body },
          `intake ${body.slice(0, 300)}`,
        ),
    ),
  );
  const mails = fc.sample(mailText, { seed: seed++, numRuns: WEBHOOK_RUNS });
  await run(
    mails.map(
      (raw, i) => () =>
        send(
          '/webhooks/email',
          { method: 'POST', headers: { 'content-type': i % 9 === 0 ? 'text/plain' : 'message/rfc822', 'x-opsboard-signature': signEmail(raw) }, body: raw },
          `email ${raw.slice(0, 300)}`,
        ),
    ),
  );
  const csat = fc.sample(fc.tuple(fc.string({ minLength: 1, maxLength: 60 }), fc.oneof(fc.nat(9), hostileString), hostileString), {
    seed: seed++,
    numRuns: 100,
  });
  await run(
    csat.map(
      ([token, rating, comment]) =>
        () =>
          send(
            `/csat/${encodeURIComponent(token)}`,
            {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ rating: String(rating), comment }).toString(),
            },
            `csat ${token}`,
          ),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  console.info(`fuzz: ${answers.length} requests in ${seconds.toFixed(1)} s`);
  const ok = answers.filter((a) => a.status < 300 && !(a.body as { errors?: unknown } | null)?.errors).length;
  console.info(`fuzz: ${ok} succeeded, ${answers.length - ok} refused`);
  expect(answers.length).toBeGreaterThanOrEqual(5_000);

  const failures = answers.filter((a) => {
    if (a.status >= 500) return true;
    const errors = (a.body as { errors?: { message: string; extensions?: { code?: string } }[] } | null)?.errors ?? [];
    return errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || e.message === 'Unexpected error.');
  });
  expect(failures.slice(0, 5).map((f) => `${f.status} ${JSON.stringify(f.body).slice(0, 300)} ← ${f.what}`)).toEqual([]);

  // Still answering, and nothing half-written: tickets changed only by answers that said they made one.
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  const check = await server.wire.gqlRaw('{ tickets(first: 1) { totalCount } }');
  expect(check.errors).toBeUndefined();
  const createdByGraphql = answers.filter((a) => a.what.startsWith('createTicket ') && (a.body as { data?: unknown }).data).length;
  const createdByWebhooks = answers.filter((a) => a.status === 201 || (a.body as { status?: string } | null)?.status === 'created').length;
  const ticketsAfter = await prisma.ticket.count();
  expect(ticketsAfter - ticketsBefore).toBe(createdByGraphql + createdByWebhooks);
  expect(await prisma.ticket.count({ where: { slaClocks: { none: {} } } })).toBe(clocklessBefore);
}, 600_000);
