import { describe, expect, it } from 'vitest';
import { Channel, SubscriberBehindError } from './channel.ts';

describe('Channel, read by a synchronous sink', () => {
  it('hands pushed items to the sink in the same call, buffered ones first', () => {
    let closed = 0;
    const channel = new Channel<number>(() => (closed += 1));
    channel.push(1);
    const seen: number[] = [];
    channel.consume(
      (n) => (seen.push(n), true),
      () => undefined,
    );
    expect(seen).toEqual([1]);
    channel.push(2);
    expect(seen).toEqual([1, 2]);
    expect(channel.buffered).toBe(0);
    expect(closed).toBe(0);
  });

  it('keeps an item the sink cannot take first in line, buffers later ones behind it, and offers them again in order on resume', () => {
    const channel = new Channel<number>(() => undefined);
    const seen: number[] = [];
    let ready = false;
    channel.consume(
      (n) => (ready ? (seen.push(n), true) : false),
      () => undefined,
    );
    channel.push(1);
    channel.push(2);
    channel.push(3);
    expect(seen).toEqual([]);
    expect(channel.buffered).toBe(3);
    ready = true;
    channel.resume();
    expect(seen).toEqual([1, 2, 3]);
    channel.push(4);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('ends with SubscriberBehindError when more than maxBuffered items wait, and calls end once', async () => {
    let closed = 0;
    const channel = new Channel<number>(() => (closed += 1), 3);
    const ends: unknown[] = [];
    channel.consume(
      () => false,
      (error) => ends.push(error),
    );
    for (let n = 0; n < 5; n += 1) channel.push(n);
    expect(ends).toHaveLength(1);
    expect(ends[0]).toBeInstanceOf(SubscriberBehindError);
    expect(closed).toBe(1);
    await channel.return();
    expect(ends).toHaveLength(1);
  });

  it('calls end without an error on return(), and at once when consumed after it failed', () => {
    const channel = new Channel<number>(() => undefined);
    const ends: unknown[] = [];
    channel.consume(
      () => true,
      (error) => ends.push(error ?? 'ended'),
    );
    void channel.return();
    expect(ends).toEqual(['ended']);

    const failed = new Channel<number>(() => undefined);
    const boom = new Error('boom');
    failed.fail(boom);
    const late: unknown[] = [];
    failed.consume(
      () => true,
      (error) => late.push(error),
    );
    expect(late).toEqual([boom]);
  });

  it('resolves drainedBelow as the sink takes buffered items', async () => {
    const channel = new Channel<number>(() => undefined);
    let ready = false;
    channel.consume(
      () => ready,
      () => undefined,
    );
    for (let n = 0; n < 4; n += 1) channel.push(n);
    let drained = false;
    const wait = channel.drainedBelow(2).then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    ready = true;
    channel.resume();
    await wait;
    expect(drained).toBe(true);
  });
});
