// The import rules `pnpm lint` checks (dependency-cruiser): no cycles anywhere, and on the server
// the layers of docs/architecture.md — platform at the bottom, domains above it, graphql and app on top.
const DOMAINS = 'auth|notifications|sla|tickets|templates|triage|escalations|oncall|csat|incidents|intake|healthchecks|statuspage|reports|kb|team|wallboard';

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
      from: { path: `^server/src/(${DOMAINS})/`, pathNot: '(^|/|\\.)schema\\.ts$' },
      to: { path: '^server/src/graphql/' },
    },
    {
      name: 'domains-do-not-import-seed',
      severity: 'error',
      comment: 'Demo and reference data sit above the domains.',
      from: { path: `^server/src/(platform|graphql|${DOMAINS})/` },
      to: { path: '^server/src/seed/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules|^prisma/' },
    exclude: { path: '(^|/)(generated|dist)/|graphql-env\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
  },
};
