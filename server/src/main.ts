// pnpm start: the server, the web app and (by default) demo data on one port.
import { buildApp } from './app/app.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { startSimulation } from './seed/simulate.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const app = await buildApp({ config });
const url = await app.start();
const log = app.rt.log;
const simulation = process.argv.includes('--simulate') || process.env.OPSBOARD_SIMULATE === '1' ? startSimulation(app.rt) : undefined;

log.info({ url, database: app.rt.dbKind }, 'opsboard is running');
console.log(`
  opsboard is running at ${url}
    wallboard   ${url}/wallboard
    GraphQL     ${url}/graphql
    sign in as  ${config.adminEmail} / ${process.env.OPSBOARD_ADMIN_PASSWORD ? '(OPSBOARD_ADMIN_PASSWORD)' : config.adminPassword} (unless changed since the first start)
    database    ${app.rt.dbKind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}${simulation ? '\n    simulation  on: tickets keep arriving and moving' : ''}
`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'shutting down');
  simulation?.stop();
  const force = setTimeout(() => {
    log.error('shutdown took longer than 20 s; exiting');
    process.exit(1);
  }, 20_000);
  force.unref();
  try {
    await app.stop();
    process.exit(0);
  } catch (error) {
    log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
