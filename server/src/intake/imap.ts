// The support mailbox over IMAP (IMAP_URL): one instance at a time (a lease) watches the mailbox with
// IMAP IDLE and searches it every IMAP_POLL_SECONDS as well. Each unread message goes through the
// same intake as POST /webhooks/email — a reply threads onto its ticket, a Message-ID seen before
// changes nothing — and is then marked \Seen (and moved to IMAP_PROCESSED_FOLDER when set). A
// message that can never become a ticket (no valid From, too large) stays where it is, flagged
// with the keyword $OpsboardFailed and \Flagged, and the watcher goes on with the next one.
//
// A crash between the ticket's commit and the \Seen flag leaves the message unread: the next search
// hands it to the intake again, which finds its Message-ID already recorded and writes nothing.
import { ImapFlow } from 'imapflow';
import type { ImapSettings } from '../platform/config.ts';
import { DomainError } from '../platform/errors.ts';
import { type Lease, tryLease } from '../platform/lease.ts';
import type { Runtime } from '../platform/runtime.ts';
import { intakeEmail } from './service.ts';

/** The keyword of a message the intake refused; such messages are not searched again. */
export const FAILED_KEYWORD = '$OpsboardFailed';
/** The same limit as POST /webhooks/email. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
const MAX_BACKOFF_MS = 60_000;
/** How often an instance on standby asks for the lease. */
const STANDBY_RETRY_MS = 5_000;

export type ImapState = 'starting' | 'standby' | 'connecting' | 'watching' | 'retrying' | 'stopped';

export interface ImapWatcher {
  state(): ImapState;
  /** Searches the mailbox now (tests and the IDLE path call it; it never runs twice at once). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

export function startImapWatcher(rt: Runtime, settings: ImapSettings): ImapWatcher {
  const log = rt.log.child({ component: 'imap', mailbox: settings.mailbox, host: settings.host });
  let state: ImapState = 'starting';
  let stopped = false;
  let lease: Lease | null = null;
  let client: ImapFlow | null = null;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let sweeping: Promise<void> | null = null;
  let again = false;

  const setState = (next: ImapState) => {
    if (next !== state) log.info({ from: state, to: next }, 'imap watcher state');
    state = next;
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void tick(), ms);
  };

  /** One step: take the lease if needed, connect if needed, search the mailbox. */
  async function tick(): Promise<void> {
    if (stopped) return;
    try {
      if (!lease) {
        lease = await tryLease(rt, 'imap');
        if (!lease) {
          setState('standby');
          return schedule(Math.min(settings.pollMs, STANDBY_RETRY_MS));
        }
        const held = lease;
        void held.lost.then(() => {
          if (lease !== held) return;
          lease = null;
          disconnect();
          setState('retrying');
          schedule(1_000);
        });
      }
      if (!client?.usable) await connect();
      await sweep();
      failures = 0;
      schedule(settings.pollMs);
    } catch (error) {
      if (stopped) return;
      failures++;
      const wait = Math.min(MAX_BACKOFF_MS, settings.pollMs, 1_000 * 2 ** Math.min(failures - 1, 6));
      log.error({ err: error, retryInMs: wait }, 'imap mailbox unavailable');
      disconnect();
      setState('retrying');
      schedule(wait);
    }
  }

  async function connect(): Promise<void> {
    setState('connecting');
    disconnect();
    // The same outbound rule as every other connection: the host's addresses are checked, and the
    // checked address is the one connected to (TLS still verifies the host name).
    const [address] = await rt.outbound.resolveChecked(settings.host);
    if (!address) throw new Error(`no address for ${settings.host}`);
    const next = new ImapFlow({
      host: address.address,
      port: settings.port,
      secure: settings.secure,
      servername: settings.host,
      auth: { user: settings.user, pass: settings.password },
      logger: false,
      connectionTimeout: 30_000,
      greetingTimeout: 16_000,
      maxLiteralSize: MAX_MESSAGE_BYTES + 64 * 1024,
      // IDLE is restarted now and then: some servers and middleboxes drop a connection silent for long.
      maxIdleTime: 5 * 60_000,
      autoIdleDelay: 1_000,
    });
    next.on('error', (error: Error) => log.warn({ err: error }, 'imap connection error'));
    next.on('exists', () => void sweep().catch((error: unknown) => log.warn({ err: error }, 'imap search after new mail failed')));
    next.on('close', () => {
      if (client !== next || stopped) return;
      client = null;
      setState('retrying');
      schedule(1_000);
    });
    client = next;
    await next.connect();
    if (settings.processedFolder) await next.mailboxCreate(settings.processedFolder).catch(() => undefined);
    await next.mailboxOpen(settings.mailbox);
    setState('watching');
  }

  function disconnect(): void {
    const current = client;
    client = null;
    if (current) void current.logout().catch(() => current.close());
  }

  /** Searches the mailbox; a call during a search makes that search go round once more. */
  function sweep(): Promise<void> {
    if (sweeping) {
      again = true;
      return sweeping;
    }
    sweeping = (async () => {
      try {
        do {
          again = false;
          await sweepOnce();
        } while (again && !stopped);
      } finally {
        sweeping = null;
      }
    })();
    return sweeping;
  }

  async function sweepOnce(): Promise<void> {
    const imap = client;
    if (!imap?.usable || !lease) return;
    const uids = (await imap.search({ seen: false, unKeyword: FAILED_KEYWORD }, { uid: true })) || [];
    for (const uid of uids.sort((a, b) => a - b)) {
      if (stopped || client !== imap) return;
      await takeMessage(imap, uid);
    }
  }

  async function takeMessage(imap: ImapFlow, uid: number): Promise<void> {
    const range = String(uid);
    const head = await imap.fetchOne(range, { uid: true, size: true }, { uid: true });
    if (!head) return;
    if ((head.size ?? 0) > MAX_MESSAGE_BYTES) return refuse(imap, uid, `the message is larger than ${MAX_MESSAGE_BYTES / 1024 / 1024} MiB`);
    const message = await imap.fetchOne(range, { uid: true, source: true }, { uid: true });
    if (!message || !message.source?.length) return refuse(imap, uid, 'the message is empty');
    let outcome;
    try {
      outcome = await intakeEmail(rt, message.source);
    } catch (error) {
      // Bad input never gets better: flagged and left alone. Anything else (the database is down)
      // leaves the message unread for the next search.
      if (error instanceof DomainError && error.code === 'BAD_USER_INPUT') return refuse(imap, uid, error.message);
      throw error;
    }
    await imap.messageFlagsAdd(range, ['\\Seen'], { uid: true });
    if (settings.processedFolder) await imap.messageMove(range, settings.processedFolder, { uid: true });
    rt.metrics.imapMessages.inc({ outcome: outcome.status });
    log.info({ uid, status: outcome.status, ticket: outcome.ticketNumber }, 'imap message taken');
  }

  async function refuse(imap: ImapFlow, uid: number, reason: string): Promise<void> {
    await imap.messageFlagsAdd(String(uid), [FAILED_KEYWORD, '\\Flagged'], { uid: true });
    rt.metrics.imapMessages.inc({ outcome: 'failed' });
    log.warn({ uid, reason }, `imap message left in the mailbox, flagged ${FAILED_KEYWORD}: ${reason}`);
  }

  rt.statuses.set('imap', () => state);
  void tick();

  return {
    state: () => state,
    sweep,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await sweeping?.catch(() => undefined);
      const current = client;
      client = null;
      await current?.logout().catch(() => current.close());
      await lease?.release();
      lease = null;
      setState('stopped');
      rt.statuses.delete('imap');
    },
  };
}
