// The transport floor: a bare `ws` server that broadcasts a message of the same size at the same rate
// to every socket, encoded once per event (one buffer for all sockets): what the transport alone
// costs, with no GraphQL, database or pub/sub.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT ?? 4100);
const bytes = Number(process.env.BENCH_PAYLOAD_BYTES ?? 600);
const defaultRate = Number(process.env.BENCH_RATE ?? 50);
const defaultSeconds = Number(process.env.BENCH_SECONDS ?? 60);

// GET /start?rate=&seconds= broadcasts rate × seconds messages (once every client is connected; a
// later /start continues the sequence at another rate), /stop ends it; both answer the last seq due.
let seq = 0;
let base = 0;
let total = 0;
let rate = defaultRate;
let started = 0;
let timer: NodeJS.Timeout | undefined;

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/start' && !timer) {
    rate = Number(url.searchParams.get('rate') ?? defaultRate);
    base = seq;
    total = base + Math.round(rate * Number(url.searchParams.get('seconds') ?? defaultSeconds));
    // On schedule even when timers run late on a busy machine: send every message that is due.
    started = Date.now();
    timer = setInterval(() => {
      const due = Math.min(total, base + Math.floor(((Date.now() - started) * rate) / 1000));
      while (seq < due) broadcast();
      if (seq >= total) {
        clearInterval(timer);
        timer = undefined;
      }
    }, 5);
  }
  if (url.pathname === '/stop') {
    clearInterval(timer);
    timer = undefined;
  }
  res.end(JSON.stringify({ seq: total }));
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });

function broadcast(): void {
  seq += 1;
  // The time the message was due, as an event row carries the time it was written: a server that
  // runs late shows it in the latency rather than hiding it.
  const head = `{"seq":${seq},"sentAt":${Math.round(started + ((seq - base) * 1000) / rate)},"pad":"`;
  const message = Buffer.from(`${head}${'x'.repeat(Math.max(0, bytes - head.length - 2))}"}`);
  for (const socket of wss.clients) socket.send(message, { binary: false });
}

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
