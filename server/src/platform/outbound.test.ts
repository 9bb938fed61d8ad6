import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { blockedKind, normalizeHost, Outbound, parseAllowedTargets, TargetRefusedError } from './outbound.ts';

describe('blockedKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local/metadata'],
    ['169.254.0.1', 'link-local/metadata'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
  ])('IPv4 %s is %s', (address, kind) => {
    expect(blockedKind(address)).toBe(kind);
  });

  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['fe80::1', 'link-local/metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local/metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a00:1', 'reserved'],
    ['2002:a00:1::', 'reserved'],
  ])('IPv6 %s is %s', (address, kind) => {
    expect(blockedKind(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(blockedKind(address)).toBeNull();
  });
});

describe('the allow-list', () => {
  it('parses hosts, addresses and CIDR ranges', () => {
    const allowed = parseAllowedTargets(' 127.0.0.1, 10.0.0.0/8 ,Mail.Internal., fd00::/8,[::1],');
    expect(allowed.hosts).toEqual(['mail.internal']);
    expect(allowed.ranges.map(([a, bits]) => `${a.toString()}/${bits}`)).toEqual(['127.0.0.1/32', '10.0.0.0/8', 'fd00::/8', '::1/128']);
  });

  it.each(['10.0.0.0/33', 'not a host', '300.1.1.1', 'http://x', '10.0.0.0/x'])('refuses %j', (entry) => {
    expect(() => parseAllowedTargets(entry)).toThrow(/is not/);
  });

  it('is read from OPSBOARD_ALLOWED_TARGETS with a clear error on a bad entry', () => {
    expect(loadConfig({ OPSBOARD_ALLOWED_TARGETS: '127.0.0.1,mail.internal' }).allowedTargets.hosts).toEqual(['mail.internal']);
    expect(loadConfig({}).allowedTargets).toEqual({ hosts: [], ranges: [] });
    expect(() => loadConfig({ OPSBOARD_ALLOWED_TARGETS: '127.0.0.1,10.0.0.0/99' })).toThrow(/OPSBOARD_ALLOWED_TARGETS: "10.0.0.0\/99" is not a CIDR range/);
  });

  it('lets allowed addresses, ranges and names through, and nothing else', () => {
    const outbound = new Outbound(parseAllowedTargets('127.0.0.1,10.0.0.0/8,mail.internal'));
    expect(outbound.refusal('127.0.0.1', '127.0.0.1')).toBeNull();
    expect(outbound.refusal('::ffff:127.0.0.1', '::ffff:127.0.0.1')).toBeNull();
    expect(outbound.refusal('10.9.8.7', '10.9.8.7')).toBeNull();
    expect(outbound.refusal('mail.internal', '192.168.0.5')).toBeNull();
    expect(outbound.refusal('127.0.0.2', '127.0.0.2')).toMatch(/refused: 127.0.0.2 is a loopback address/);
    expect(outbound.refusal('other.internal', '192.168.0.5')).toBe(
      'refused: other.internal (192.168.0.5) is a private address; allow it with OPSBOARD_ALLOWED_TARGETS',
    );
    expect(outbound.refusal('example.com', '93.184.215.14')).toBeNull();
  });

  it('refuses literal addresses and localhost without DNS', () => {
    const outbound = new Outbound();
    expect(outbound.literalRefusal('169.254.169.254')).toBe(
      'refused: 169.254.169.254 is a link-local/metadata address; allow it with OPSBOARD_ALLOWED_TARGETS',
    );
    expect(outbound.literalRefusal('[::1]')).toMatch(/::1 is a loopback address/);
    expect(outbound.literalRefusal('[::ffff:7f00:1]')).toMatch(/^refused: ::ffff:7f00:1 \(127.0.0.1\) is a loopback address/);
    expect(outbound.literalRefusal('LOCALHOST.')).toMatch(/localhost \(127.0.0.1\) is a loopback address/);
    expect(outbound.literalRefusal('api.localhost')).toMatch(/loopback/);
    expect(outbound.literalRefusal('example.com')).toBeNull();
    expect(outbound.literalRefusal('8.8.8.8')).toBeNull();
    expect(normalizeHost('[FE80::1]')).toBe('fe80::1');
  });
});

describe('Outbound.request', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  // A resolver of made-up names, as DNS would answer them.
  const names = (addresses: Record<string, string[]>) => async (host: string) => (addresses[host] ?? []).map((address) => ({ address, family: 4 }));

  it('refuses a literal loopback address before connecting', async () => {
    const before = hits;
    const outbound = new Outbound();
    await expect(outbound.request(`http://127.0.0.1:${port}/`)).rejects.toThrow(TargetRefusedError);
    expect(hits).toBe(before);
    await outbound.close();
  });

  it('refuses a name when any of its addresses is blocked, at connect time', async () => {
    const before = hits;
    const outbound = new Outbound(undefined, names({ 'svc.example': ['93.184.215.14', '127.0.0.1'] }));
    await expect(outbound.request(`http://svc.example:${port}/`)).rejects.toThrow(
      'refused: svc.example (127.0.0.1) is a loopback address; allow it with OPSBOARD_ALLOWED_TARGETS',
    );
    expect(hits).toBe(before);
    await outbound.close();
  });

  it('connects to the checked address of an allowed name or range', async () => {
    const byName = new Outbound(parseAllowedTargets('svc.internal'), names({ 'svc.internal': ['127.0.0.1'] }));
    expect((await byName.request(`http://svc.internal:${port}/`)).status).toBe(200);
    const byRange = new Outbound(parseAllowedTargets('127.0.0.0/8'), names({ 'svc.internal': ['127.0.0.1'] }));
    expect((await byRange.request(`http://svc.internal:${port}/`)).status).toBe(200);
    expect((await byRange.request(`http://127.0.0.1:${port}/`)).status).toBe(200);
    await Promise.all([byName.close(), byRange.close()]);
  });
});
