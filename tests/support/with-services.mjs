// Runs a command with the integration suite pointed at PostgreSQL and Redis: each test server gets
// a fresh database on OPSBOARD_TEST_POSTGRES_URL, and multi-instance tests share OPSBOARD_TEST_REDIS_URL.
import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
import pg from 'pg';

const postgresUrl = process.env.OPSBOARD_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.OPSBOARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5_000 });
try {
  await client.connect();
  const { rows } = await client.query('SHOW server_version');
  console.log(`PostgreSQL ${rows[0].server_version} at ${new URL(postgresUrl).host}: each test server gets a fresh database`);
} catch (error) {
  console.error(`Cannot reach PostgreSQL at ${postgresUrl}: ${error.message}`);
  process.exit(1);
} finally {
  await client.end().catch(() => {});
}

const redis = new URL(redisUrl);
const pong = await new Promise((resolve) => {
  const socket = new Socket();
  socket.setTimeout(3_000, () => resolve(''));
  socket.once('error', () => resolve(''));
  socket.connect(Number(redis.port || 6379), redis.hostname, () => socket.write('PING\r\n'));
  socket.once('data', (data) => {
    resolve(data.toString());
    socket.destroy();
  });
});
if (!String(pong).startsWith('+PONG')) {
  console.error(`Cannot reach Redis at ${redisUrl}`);
  process.exit(1);
}
console.log(`Redis at ${redis.host}: multi-instance tests fan out through it`);

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, OPSBOARD_TEST_POSTGRES_URL: postgresUrl, OPSBOARD_TEST_REDIS_URL: redisUrl },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
