// A monitored service for health-check tests: a local HTTP endpoint answering `status` (changeable),
// which can be stopped and started again on its port to simulate an outage.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class Endpoint {
  status = 200;
  port = 0;
  /** Requests answered so far. */
  hits = 0;
  #server: Server | undefined;
  get url() {
    return `http://127.0.0.1:${this.port}/health`;
  }
  async start(): Promise<void> {
    // No keep-alive: once stopped, the next check finds nothing listening (connection refused)
    // rather than a pooled socket the stop just reset.
    this.#server = createServer((_req, res) => {
      this.hits += 1;
      res.writeHead(this.status, { 'content-type': 'text/plain', connection: 'close' }).end('ok');
    });
    await new Promise<void>((resolve) => this.#server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as AddressInfo).port;
  }
  async stop(): Promise<void> {
    const s = this.#server;
    this.#server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
}
