/**
 * An async iterator fed by pushes. Unlike an async generator, `return()` ends it at once even
 * while a consumer is waiting, so a closed subscription stops listening straight away.
 *
 * A consumer may instead take items synchronously as they are pushed (`consume`): no promise per
 * item. That is how the subscription fan-out reads it, so an event reaching thousands of
 * subscribers costs a function call each instead of a promise and a resumed pump each.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  #items: T[] = [];
  #waiting: ((result: IteratorResult<T>) => void) | undefined;
  #failWaiting: ((error: unknown) => void) | undefined;
  #drainWaiters: (() => void)[] = [];
  #done = false;
  #error: unknown;
  #sink: ((item: T) => boolean) | undefined;
  #onEnd: ((error?: unknown) => void) | undefined;
  /** The sink asked to wait: items stay buffered, in order, until `resume()`. */
  #held = false;

  constructor(
    private readonly onClose: () => void,
    private readonly maxBuffered = 10_000,
  ) {}

  get buffered(): number {
    return this.#items.length;
  }

  push(item: T): void {
    if (this.#done) return;
    if (this.#sink) {
      if (!this.#held && !this.#items.length) {
        if (this.#sink(item)) return;
        this.#held = true;
      }
      this.#items.push(item);
      if (this.#items.length > this.maxBuffered) this.fail(new SubscriberBehindError());
      return;
    }
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = this.#failWaiting = undefined;
      waiting({ value: item, done: false });
      return;
    }
    this.#items.push(item);
    if (this.#items.length > this.maxBuffered) {
      this.fail(new SubscriberBehindError());
    }
  }

  /**
   * Hands every item to `sink` as it is pushed (buffered ones first) instead of through `next()`.
   * `sink` returns false when it cannot take an item yet: that item stays first in line, later ones
   * are buffered behind it (up to `maxBuffered`), and all are offered again, in order, on `resume()`.
   * `end` is called once when the channel ends: with the error when it failed.
   */
  consume(sink: (item: T) => boolean, end: (error?: unknown) => void): void {
    if (this.#done) {
      const error = this.#error;
      this.#error = undefined;
      end(error);
      return;
    }
    this.#sink = sink;
    this.#onEnd = end;
    this.#offer();
  }

  /** After a sink asked to wait: offers the buffered items again. */
  resume(): void {
    this.#held = false;
    this.#offer();
  }

  #offer(): void {
    while (this.#items.length && !this.#held && this.#sink) {
      if (!this.#sink(this.#items[0] as T)) {
        this.#held = true;
        return;
      }
      this.#items.shift();
      if (this.#drainWaiters.length) for (const w of this.#drainWaiters.splice(0)) w();
    }
  }

  /** The next buffered item without waiting, if there is one. */
  take(): T | undefined {
    if (!this.#items.length) return undefined;
    const value = this.#items.shift() as T;
    if (this.#drainWaiters.length) for (const w of this.#drainWaiters.splice(0)) w();
    return value;
  }

  /** Resolves once the buffer is below `level` (back-pressure for replays). */
  async drainedBelow(level: number): Promise<void> {
    while (!this.#done && this.#items.length >= level) await new Promise<void>((r) => this.#drainWaiters.push(r));
  }

  fail(error: unknown): void {
    if (this.#done) return;
    this.#error = error;
    this.#items = [];
    const fail = this.#failWaiting;
    this.#waiting = this.#failWaiting = undefined;
    if (this.#onEnd) this.#error = undefined; // the sink's end gets it instead of a later next()
    this.#close(error);
    fail?.(error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#items.length) {
      const value = this.#items.shift() as T;
      if (this.#drainWaiters.length) for (const w of this.#drainWaiters.splice(0)) w();
      return Promise.resolve({ value, done: false });
    }
    if (this.#error !== undefined) {
      const error = this.#error;
      this.#error = undefined;
      return Promise.reject(error);
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.#items = [];
    const waiting = this.#waiting;
    this.#waiting = this.#failWaiting = undefined;
    this.#close();
    waiting?.({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #close(error?: unknown): void {
    if (this.#done) return;
    this.#done = true;
    const end = this.#onEnd;
    this.#sink = this.#onEnd = undefined;
    for (const w of this.#drainWaiters.splice(0)) w();
    this.onClose();
    end?.(error);
  }
}

/** A subscriber whose buffer overflowed; its message is meant for the client. */
export class SubscriberBehindError extends Error {
  constructor() {
    super('The subscriber fell behind and was disconnected; subscribe again with `after` set to the last id it received.');
  }
}
