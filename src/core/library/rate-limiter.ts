/** Time as the limiter sees it; tests pass a fake one. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock, on `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortError(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Runs tasks one at a time, each starting at least `intervalMs` after the previous one started: the arXiv
 * API's terms ask for one connection at a time and no more than one request every three seconds. A task
 * whose signal aborts while it waits is dropped without taking a turn.
 */
export class RequestQueue {
  private _tail: Promise<unknown> = Promise.resolve();
  private _lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly _intervalMs: number,
    private readonly _clock: Clock = systemClock,
  ) {}

  /** Time of the last start, for tests and diagnostics; `-Infinity` before the first. */
  get lastStart(): number {
    return this._lastStart;
  }

  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const result = this._tail.then(async () => {
      if (signal?.aborted) throw abortError(signal);
      const wait = this._lastStart + this._intervalMs - this._clock.now();
      if (wait > 0) await this._clock.sleep(wait, signal);
      this._lastStart = this._clock.now();
      return task();
    });
    // The next task waits for this one to settle, whether it worked or not.
    this._tail = result.catch(() => undefined);
    return result;
  }
}

/** The error an aborted signal carries, or a DOMException-like `AbortError`. */
export function abortError(signal: AbortSignal): Error {
  if (signal.reason instanceof Error) return signal.reason;
  const err = new Error('cancelled');
  err.name = 'AbortError';
  return err;
}
