// The import rules `pnpm lint` checks (dependency-cruiser): no cycles anywhere, and on the server
// the layers of docs/architecture.md — platform at the bottom, domains above it, graphql and app on top.

/** The domains in dependency order: a service may use the services of the domains before its own. */
const ORDER = [
  'auth',
  'notifications',
  'sla',
  'templates',
  'oncall',
  'paging',
  'escalations',
  'csat',
  'tickets',
  'triage',
  'intake',
  'incidents',
  'healthchecks',
  'statuspage',
  'reports',
  'kb',
  'team',
  'wallboard',
  'retention',
];
const DOMAINS = ORDER.join('|');
/** Rule modules (pure rules and data of a domain) import only the platform and other rule modules; anyone may import them. */
const RULE_MODULE = `^server/src/(${DOMAINS})/(model|rules|calendar|placeholders)\\.ts$`;
const SCHEMA_FILE = '(^|/|\\.)schema\\.ts$';

const domainOrder = ORDER.slice(0, -1).map((domain, i) => ({
  name: `domain-order-${domain}`,
  severity: 'error',
  comment: `${domain} comes before ${ORDER.slice(i + 1).join(', ')} (docs/architecture.md): its services do not use theirs.`,
  from: { path: `^server/src/${domain}/`, pathNot: SCHEMA_FILE },
  to: { path: `^server/src/(${ORDER.slice(i + 1).join('|')})/`, pathNot: RULE_MODULE },
}));

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'Import cycles hide the order of things; split the module instead.', from: {}, to: { circular: true } },
    {
      name: 'platform-imports-no-domain',
      severity: 'error',
      comment: 'The platform layer knows no domain; wire domain behaviour in through hooks from the composition root.',
      from: { path: '^server/src/platform/' },
      to: { path: '^server/src/', pathNot: '^server/src/platform/' },
    },
    {
      name: 'only-main-imports-app',
      severity: 'error',
      comment: 'app/ is the composition root: domains, graphql and platform never import it.',
      from: { path: `^server/src/(platform|graphql|${DOMAINS})/` },
      to: { path: '^server/src/app/' },
    },
    {
      name: 'services-do-not-import-graphql',
      severity: 'error',
      comment: 'Services and rules are GraphQL-free: only schema files (schema.ts, *.schema.ts) build on the Pothos builder.',
      from: { path: `^server/src/(${DOMAINS})/`, pathNot: SCHEMA_FILE },
      to: { path: '^server/src/graphql/' },
    },
    {
      name: 'domains-do-not-import-seed',
      severity: 'error',
      comment: 'Demo and reference data sit above the domains.',
      from: { path: `^server/src/(platform|graphql|${DOMAINS})/` },
      to: { path: '^server/src/seed/' },
    },
    {
      name: 'rule-modules-stay-pure',
      severity: 'error',
      comment: 'model.ts, rules.ts, calendar.ts and placeholders.ts hold rules and data: only the platform and other rule modules below them.',
      from: { path: RULE_MODULE },
      to: { path: '^server/src/', pathNot: `^server/src/platform/|${RULE_MODULE}` },
    },
    ...domainOrder,
  ],
  options: {
    doNotFollow: { path: 'node_modules|^prisma/' },
    exclude: { path: '(^|/)(generated|dist)/|graphql-env\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
  },
};
