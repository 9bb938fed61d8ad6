// A throwaway Dovecot IMAP server for tests: its own dovecot.conf in a temporary folder, listening on
// 127.0.0.1 on a free port without TLS, one user in a passwd-file, mail in a Maildir in that folder,
// its log in a file there. Run as root, Dovecot refuses to run its login and mail processes as root,
// so they run as `nobody`; run as anyone else, everything runs as that user.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { ImapFlow } from 'imapflow';

/** The dovecot binary, or undefined when Dovecot is not installed (Debian: dovecot-imapd). */
export const dovecotBinary: string | undefined = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin']
  .map((dir) => join(dir, 'dovecot'))
  .find((path) => existsSync(path));

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  /** IMAP_URL for the mailbox (INBOX by default). */
  url(mailbox?: string): string;
  /** A logged-in IMAP client of the test user (closed by `stop`). */
  client(): Promise<ImapFlow>;
  /** Delivers a raw message into the mailbox with IMAP APPEND. */
  deliver(raw: string, mailbox?: string): Promise<void>;
  /** Dovecot's own log. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server greets on `port`; rejects after `ms`. */
async function greeting(port: number, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1_000);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not greet on port ${port} within ${ms} ms`);
}

export async function startDovecot(): Promise<Dovecot> {
  if (!dovecotBinary) throw new Error('dovecot is not installed (apt-get install -y --no-install-recommends dovecot-imapd)');
  const dir = await mkdtemp(join(tmpdir(), 'opsboard-dovecot-'));
  // The mail processes (as `nobody` under root) have to reach the Maildir below this folder.
  await chmod(dir, 0o755);
  const root = process.getuid?.() === 0;
  const me = userInfo();
  const mailUser = root ? 'nobody' : me.username;
  const home = join(dir, 'home');
  await mkdir(home);
  const nobody = root ? await idOf('nobody') : undefined;
  if (root && !nobody) throw new Error('running as root, the test Dovecot needs the user "nobody" for its login and mail processes');
  if (nobody) await chown(home, nobody.uid, nobody.gid);
  const port = await freePort();
  const user = 'support@opsboard.test';
  const password = 'imap-test-password';
  await writeFile(join(dir, 'users'), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
  const userdb = nobody ? `uid=${nobody.uid} gid=${nobody.gid}` : `uid=${me.uid} gid=${me.gid}`;
  await writeFile(
    join(dir, 'dovecot.conf'),
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
default_internal_user = ${me.username}
default_internal_group = ${root ? 'root' : ((await groupName(me.gid)) ?? me.username)}
default_login_user = ${mailUser}
first_valid_uid = 0
mail_location = maildir:${home}/%u/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = ${userdb} home=${home}/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  const child = spawn(dovecotBinary, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await greeting(port, child, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    const log = await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => '');
    throw new Error(`${(error as Error).message}\n${stderr}\n${log}`, { cause: error });
  }
  const clients: ImapFlow[] = [];
  const client = async () => {
    const imap = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false, disableAutoIdle: true });
    await imap.connect();
    clients.push(imap);
    return imap;
  };
  let appender: ImapFlow | undefined;
  return {
    port,
    user,
    password,
    url: (mailbox = 'INBOX') => `imap://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(mailbox)}`,
    client,
    async deliver(raw, mailbox = 'INBOX') {
      appender ??= await client();
      await appender.append(mailbox, Buffer.from(raw));
    },
    log: () => readFile(join(dir, 'dovecot.log'), 'utf8'),
    async stop() {
      for (const imap of clients) await imap.logout().catch(() => imap.close());
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function idOf(name: string): Promise<{ uid: number; gid: number } | undefined> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function groupName(gid: number): Promise<string | undefined> {
  const line = (await readFile('/etc/group', 'utf8').catch(() => '')).split('\n').find((l) => l.split(':')[2] === String(gid));
  return line?.split(':')[0];
}
