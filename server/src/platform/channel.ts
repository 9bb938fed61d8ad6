/**
 * An async iterator fed by pushes. Unlike an async generator, `return()` ends it at once even
 * while a consumer is waiting, so a closed subscription stops listening straight away.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  #items: T[] = [];
  #waiting: ((result: IteratorResult<T>) => void) | undefined;
  #failWaiting: ((error: unknown) => void) | undefined;
  #drainWaiters: (() => void)[] = [];
  #done = false;
  #error: unknown;

  constructor(
    private readonly onClose: () => void,
    private readonly maxBuffered = 10_000,
  ) {}

  get buffered(): number {
    return this.#items.length;
  }

  push(item: T): void {
    if (this.#done) return;
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
    this.#close();
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

  #close(): void {
    if (this.#done) return;
    this.#done = true;
    for (const w of this.#drainWaiters.splice(0)) w();
    this.onClose();
  }
}

/** A subscriber whose buffer overflowed; its message is meant for the client. */
export class SubscriberBehindError extends Error {
  constructor() {
    super('The subscriber fell behind and was disconnected; subscribe again with `after` set to the last id it received.');
  }
}
