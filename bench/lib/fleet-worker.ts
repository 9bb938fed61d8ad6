// One process of the client fleet (forked by remote-fleet.ts): opens its share of the clients and
// answers the parent's requests for their figures, so the load generator's CPU is its own.
import { Fleet, isWallboard } from './clients.ts';

export interface WorkerSetup {
  mode: 'graphql' | 'raw';
  /** Client `offset + j` connects to urlSets[(offset + j) % urlSets.length] (then the next URLs of that list). */
  urlSets: string[][];
  offset: number;
  count: number;
  token?: string;
  after: number;
  wallboardShare: number;
}

export type WorkerRequest =
  { id: number; op: 'connect'; setup: WorkerSetup } | { id: number; op: 'stats'; expected: number } | { id: number; op: 'reset' } | { id: number; op: 'close' };

export interface WorkerStats {
  received: number;
  wallboardReceived: number;
  duplicates: number;
  reconnects: number;
  messageBytes: number;
  lastAt: number;
  minLastId: number;
  lost: number;
  wallboardLost: number;
  latency: [number, number][];
  wallboardLatency: [number, number][];
}

let fleet: Fleet | undefined;

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'connect': {
      const { setup } = request;
      fleet = new Fleet({
        mode: setup.mode,
        count: setup.count,
        token: setup.token,
        after: setup.after,
        urls: (j) => setup.urlSets[(setup.offset + j) % setup.urlSets.length]!,
        wallboard: (j) => isWallboard(setup.offset + j, setup.wallboardShare),
      });
      await fleet.connect();
      return null;
    }
    case 'stats': {
      const f = fleet!;
      const stats: WorkerStats = {
        received: f.clients.reduce((sum, c) => sum + (c.wallboard ? 0 : c.received), 0),
        wallboardReceived: f.clients.reduce((sum, c) => sum + (c.wallboard ? c.received : 0), 0),
        duplicates: f.duplicates,
        reconnects: f.reconnects,
        messageBytes: f.messageBytes,
        lastAt: f.lastAt,
        minLastId: f.minLastId,
        lost: f.lost(request.expected),
        wallboardLost: f.lost(request.expected, true),
        latency: f.latency.toPairs(),
        wallboardLatency: f.wallboardLatency.toPairs(),
      };
      return stats;
    }
    case 'reset':
      fleet?.latency.reset();
      fleet?.wallboardLatency.reset();
      return null;
    case 'close':
      await fleet?.close();
      return null;
  }
}

process.on('message', (request: WorkerRequest) => {
  void handle(request).then(
    (result) => process.send?.({ id: request.id, result }),
    (error: unknown) => process.send?.({ id: request.id, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
