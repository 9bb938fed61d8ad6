// The baseline: a bare `ws` server that broadcasts a message of the same size at the same rate
// to every socket: what the transport alone costs, with no GraphQL, database or pub/sub.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const port = Number(process.env.PORT ?? 4100);
const bytes = Number(process.env.BENCH_PAYLOAD_BYTES ?? 600);
const rate = Number(process.env.BENCH_RATE ?? 50);
// The broadcast ends by itself after this many messages, however late the machine runs.
const total = Math.round(rate * Number(process.env.BENCH_SECONDS ?? 60));

// POST /start begins broadcasting (once every client is connected), /stop ends it; both answer the last seq.
const server = createServer((req, res) => {
  if (req.url === '/start' && !timer) {
    // On schedule even when timers run late on a busy machine: send every message that is due.
    started = Date.now();
    timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((Date.now() - started) * rate) / 1000));
      while (seq < due) broadcast();
      if (seq >= total) clearInterval(timer);
    }, 5);
  }
  if (req.url === '/stop') clearInterval(timer);
  res.end(JSON.stringify({ seq }));
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });
let seq = 0;
let started = 0;
let timer: NodeJS.Timeout | undefined;

function broadcast(): void {
  seq += 1;
  // The time the message was due, as an event row carries the time it was written: a server that
  // runs late shows it in the latency rather than hiding it.
  const head = `{"seq":${seq},"sentAt":${Math.round(started + (seq * 1000) / rate)},"pad":"`;
  const message = `${head}${'x'.repeat(Math.max(0, bytes - head.length - 2))}"}`;
  for (const socket of wss.clients) socket.send(message);
}

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
