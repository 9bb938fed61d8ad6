// Outgoing requests (health checks, webhooks, chat messages, SMTP) go only to public addresses:
// never to this machine, the private network around it or the cloud's metadata service, unless
// the operator allows the target with OPSBOARD_ALLOWED_TARGETS. Anyone who may create a health
// check or a webhook subscription could otherwise make the server fetch http://169.254.169.254/.
//
// The check and the connection must use the same addresses, or a host name could resolve to a
// public address for the check and to 127.0.0.1 a moment later for the connection (DNS rebinding).
// So the check is done where the connection looks the name up: HTTP requests are node:http(s)
// requests whose `lookup` resolves the name, refuses it if any address is blocked, and hands exactly
// the checked addresses to the socket; SMTP resolves and checks first, then connects to the checked
// address while TLS still verifies the original name (`servername`). Literal IP addresses are never
// looked up, so they are checked before the request. (Not fetch with an undici Agent: importing the
// undici package replaces the dispatcher of Node's own fetch with one of another undici version.)
import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { fieldError } from './errors.ts';

/** All addresses of a host name (tests inject their own). */
export type ResolveHost = (host: string) => Promise<LookupAddress[]>;

export const systemResolve: ResolveHost = (host) => dnsLookup(host, { all: true, verbatim: true });

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** OPSBOARD_ALLOWED_TARGETS, parsed: host names (lower case) and address ranges. */
export interface AllowedTargets {
  hosts: string[];
  ranges: [Address, number][];
}

export const noAllowedTargets: AllowedTargets = { hosts: [], ranges: [] };

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Parses "127.0.0.1,10.0.0.0/8,mail.internal"; throws naming the first entry that is none of host, IP or CIDR. */
export function parseAllowedTargets(value: string): AllowedTargets {
  const allowed: AllowedTargets = { hosts: [], ranges: [] };
  for (const raw of value.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry.includes('/')) {
      try {
        const [address, bits] = ipaddr.parseCIDR(entry);
        allowed.ranges.push([unmap(address), address.kind() === 'ipv6' && unmap(address).kind() === 'ipv4' ? bits - 96 : bits]);
      } catch {
        throw new Error(`"${raw.trim()}" is not a CIDR range such as 10.0.0.0/8 or fd00::/8`);
      }
    } else if (ipaddr.isValid(entry.replace(/^\[|\]$/g, ''))) {
      const address = unmap(ipaddr.parse(entry.replace(/^\[|\]$/g, '')));
      allowed.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST_NAME.test(entry.replace(/\.$/, '')) && !/^[\d.]+$/.test(entry)) {
      allowed.hosts.push(entry.replace(/\.$/, ''));
    } else {
      throw new Error(`"${raw.trim()}" is not a host name, an IP address or a CIDR range`);
    }
  }
  return allowed;
}

const unmap = (address: Address): Address =>
  address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;

const LABELS: Record<string, string> = {
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private',
  linkLocal: 'link-local/metadata',
  carrierGradeNat: 'carrier-grade NAT',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
};

/**
 * What kind of address this is when it may not be contacted ("loopback", "private",
 * "link-local/metadata", …), or null for a public unicast address. IPv4-mapped IPv6 addresses
 * count as the IPv4 address they carry; anything ipaddr.js does not call plain unicast (documentation,
 * benchmarking, 6to4, NAT64, Teredo, …) is refused as reserved.
 */
export function blockedKind(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  const range = unmap(ipaddr.parse(address)).range();
  if (range === 'unicast') return null;
  return LABELS[range] ?? 'reserved';
}

/** A target refused by the outbound rules; its message is what the attempt log and lastError show. */
export class TargetRefusedError extends Error {
  override name = 'TargetRefusedError';
}

/** "[::1]" → "::1", "Example.COM." → "example.com". */
export function normalizeHost(host: string): string {
  return host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

export interface OutboundRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request; it then rejects with the signal's reason (a TimeoutError for AbortSignal.timeout). */
  signal?: AbortSignal;
}

export class Outbound {
  readonly #requests = new Set<http.ClientRequest>();

  constructor(
    readonly allowed: AllowedTargets = noAllowedTargets,
    readonly resolve: ResolveHost = systemResolve,
  ) {}

  /** net's `lookup` for sockets: every address checked, only checked addresses handed out. */
  readonly #lookup: LookupFunction = (hostname, options, callback) => {
    this.resolveChecked(hostname).then(
      (found) => {
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
        const usable = family === 4 || family === 6 ? found.filter((a) => a.family === family) : found;
        const first = usable[0];
        if (!first) return callback(Object.assign(new Error(`no IPv${family} address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, usable);
        return callback(null, first.address, first.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };

  /** Whether the address may be contacted for `host`: allowed by name, by range, or public. */
  refusal(host: string, address: string): string | null {
    const name = normalizeHost(host);
    if (this.allowed.hosts.includes(name)) return null;
    const kind = blockedKind(address);
    if (kind === null) return null;
    // An IPv4-mapped address is named as the IPv4 address it carries: "::ffff:a9fe:a9fe (169.254.169.254)".
    const plain = kind === 'invalid' ? address : unmap(ipaddr.parse(address)).toString();
    if (kind !== 'invalid') {
      const parsed = unmap(ipaddr.parse(address));
      if (this.allowed.ranges.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits))) return null;
    }
    const what = name === plain ? name : `${name} (${plain})`;
    return `refused: ${what} is a${/^[aeiou]/.test(kind) ? 'n' : ''} ${kind} address; allow it with OPSBOARD_ALLOWED_TARGETS`;
  }

  /**
   * The refusal for a host known without DNS — a literal IP address, or "localhost" and its
   * subdomains — or null. Used to refuse a URL when it is saved; sending checks again.
   */
  literalRefusal(host: string): string | null {
    const name = normalizeHost(host);
    if (isIP(name)) return this.refusal(name, name);
    if (name === 'localhost' || name.endsWith('.localhost')) return this.refusal(name, '127.0.0.1');
    return null;
  }

  /** All addresses of `host`, each checked; throws TargetRefusedError when any may not be contacted. */
  async resolveChecked(host: string): Promise<LookupAddress[]> {
    const name = normalizeHost(host);
    const found = isIP(name) ? [{ address: name, family: isIP(name) }] : await this.resolve(name);
    for (const { address } of found) {
      const refused = this.refusal(name, address);
      if (refused) throw new TargetRefusedError(refused);
    }
    return found;
  }

  /**
   * One HTTP(S) request that connects only to checked addresses (redirects are not followed; the
   * body of the answer is discarded). Rejects with TargetRefusedError, with the signal's reason, or
   * like fetch with an error whose `cause` is the socket's (code ECONNREFUSED, …).
   */
  async request(url: string, init: OutboundRequest = {}): Promise<{ status: number }> {
    const target = new URL(url);
    const host = normalizeHost(target.hostname);
    if (isIP(host)) await this.resolveChecked(host);
    const headers = { ...init.headers, ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) };
    return new Promise((resolve, reject) => {
      const client = target.protocol === 'https:' ? https : http;
      const req = client.request(
        target,
        { method: init.method ?? 'GET', headers, lookup: this.#lookup, agent: false, ...(init.signal ? { signal: init.signal } : {}) },
        (res) => {
          resolve({ status: res.statusCode ?? 0 });
          res.destroy();
        },
      );
      this.#requests.add(req);
      req.on('close', () => this.#requests.delete(req));
      req.on('error', (error) => {
        if (error instanceof TargetRefusedError) reject(error);
        else if (init.signal?.aborted) reject(init.signal.reason as Error);
        else reject(new Error(`request to ${host} failed`, { cause: error }));
      });
      req.end(init.body);
    });
  }

  /**
   * A fetch-like request through the same checked connections, answering a whole Response (for
   * clients that take a fetch function, e.g. the OpenID Connect client). Redirects are not followed;
   * an answer larger than `maxBytes` is refused.
   */
  async fetch(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array | URLSearchParams | null; signal?: AbortSignal | null } = {},
    maxBytes = 1024 * 1024,
  ): Promise<Response> {
    const target = new URL(url);
    const host = normalizeHost(target.hostname);
    if (isIP(host)) await this.resolveChecked(host);
    const body = init.body instanceof URLSearchParams ? init.body.toString() : (init.body ?? undefined);
    const headers = { ...init.headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) };
    return new Promise((resolve, reject) => {
      const client = target.protocol === 'https:' ? https : http;
      const req = client.request(
        target,
        { method: init.method ?? 'GET', headers, lookup: this.#lookup, agent: false, ...(init.signal ? { signal: init.signal } : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) req.destroy(new Error(`the answer of ${host} is larger than ${maxBytes} bytes`));
            else chunks.push(chunk);
          });
          res.on('end', () => {
            const answer = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answer.append(name, one);
            }
            const status = res.statusCode ?? 0;
            const nullBody = status === 204 || status === 304 || init.method === 'HEAD';
            resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: answer }));
          });
        },
      );
      this.#requests.add(req);
      req.on('close', () => this.#requests.delete(req));
      req.on('error', (error) => {
        if (error instanceof TargetRefusedError) reject(error);
        else if (init.signal?.aborted) reject(init.signal.reason as Error);
        else reject(new Error(`request to ${host} failed: ${error.message}`, { cause: error }));
      });
      req.end(body);
    });
  }

  /** Ends every request still waiting for an answer (the server is stopping). */
  async close(): Promise<void> {
    for (const req of this.#requests) req.destroy();
    this.#requests.clear();
  }
}

/** Refuses (as an error on `field`) a URL whose host is a literal address or localhost that may not be contacted. */
export function assertTargetUrl(outbound: Outbound, field: string, url: string): void {
  const refused = outbound.literalRefusal(new URL(url).hostname);
  if (refused) throw fieldError(field, refused);
}
