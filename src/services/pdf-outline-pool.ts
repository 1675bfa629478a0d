import { Worker } from 'node:worker_threads';
import type { PdfOutline } from '../core/pdf/pdf-outline';

/** A request to the outline worker: the PDF's bytes (transferred, not copied). */
export interface OutlineRequest {
  id: number;
  bytes: Uint8Array;
}

/** The worker's answer to request `id`. */
export interface OutlineReply {
  id: number;
  result: PdfOutline;
}

/** How long one PDF may take; a parse still running then is stopped with its thread. */
export const OUTLINE_TIMEOUT_MS = 10_000;
/** A worker with nothing to do is stopped after this, so an idle window holds no pdf.js. */
const IDLE_MS = 60_000;

interface Job {
  bytes: Uint8Array;
  resolve: (r: PdfOutline) => void;
}

/**
 * Runs outline parses in one worker thread, one PDF at a time. A parse that takes longer than the time box
 * terminates the thread (pdf.js on a hostile file can loop; a thread can be stopped, a promise cannot) and
 * the next parse starts a fresh one; so does a thread that died (out of its memory limit, say). Never rejects.
 */
export class OutlineWorkerPool {
  private _worker: Worker | undefined;
  private _nextId = 0;
  private readonly _queue: Job[] = [];
  private _busy = false;
  private _idle: ReturnType<typeof setTimeout> | undefined;
  private _disposed = false;
  private _stderr = '';

  constructor(
    private readonly _script: string,
    private readonly _timeoutMs = OUTLINE_TIMEOUT_MS,
  ) {}

  /** The outline of a PDF's bytes, or why it cannot be read. */
  parse(bytes: Uint8Array): Promise<PdfOutline> {
    return new Promise((resolve) => {
      this._queue.push({ bytes, resolve });
      this._pump();
    });
  }

  dispose(): void {
    this._disposed = true;
    clearTimeout(this._idle);
    for (const job of this._queue.splice(0)) job.resolve({ ok: false, reason: 'Paper Lens was shut down' });
    this._stop();
  }

  private _pump(): void {
    if (this._busy) return;
    const job = this._queue.shift();
    if (!job) {
      clearTimeout(this._idle);
      if (this._worker) {
        this._idle = setTimeout(() => this._stop(), IDLE_MS);
        this._idle.unref?.();
      }
      return;
    }
    clearTimeout(this._idle);
    if (this._disposed) {
      job.resolve({ ok: false, reason: 'Paper Lens was shut down' });
      return;
    }
    this._busy = true;
    let worker: Worker;
    try {
      worker = this._worker ??= this._start();
    } catch (err) {
      this._finish(job, { ok: false, reason: `pdf.js could not start (${err instanceof Error ? err.message : String(err)})` });
      return;
    }
    const id = this._nextId++;
    let settled = false;
    const done = (result: PdfOutline): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onGone);
      worker.off('exit', onGone);
      this._finish(job, result);
    };
    const onMessage = (m: OutlineReply): void => {
      if (m.id === id) done(m.result);
    };
    const onGone = (err?: unknown): void => {
      if (this._worker === worker) this._worker = undefined;
      const why = err instanceof Error ? err.message : typeof err === 'number' ? `exit code ${err}${this._stderr ? `: ${this._stderr}` : ''}` : '';
      done({ ok: false, reason: why ? `pdf.js stopped (${why})` : 'pdf.js stopped' });
    };
    const timer = setTimeout(() => {
      // Stopped before the next job starts, so that job gets a fresh thread.
      this._stop();
      done({ ok: false, reason: `reading it took longer than ${Math.round(this._timeoutMs / 1000)} s` });
    }, this._timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onGone);
    worker.on('exit', onGone);
    // A copy the worker owns: transferring detaches the buffer, and the caller's may be shared.
    const copy = job.bytes.slice();
    worker.postMessage({ id, bytes: copy } satisfies OutlineRequest, [copy.buffer]);
  }

  private _finish(job: Job, result: PdfOutline): void {
    this._busy = false;
    job.resolve(result);
    this._pump();
  }

  private _start(): Worker {
    // A hostile PDF can make pdf.js allocate without end: the thread dies at this limit, not the host.
    const worker = new Worker(this._script, { resourceLimits: { maxOldGenerationSizeMb: 512 }, stdout: true, stderr: true });
    // pdf.js's own warnings about a broken file are not ours to print; the reason comes back in the reply.
    // The end of stderr is kept to say why a thread died.
    worker.stdout.resume();
    this._stderr = '';
    worker.stderr.setEncoding('utf8');
    worker.stderr.on('data', (chunk: string) => {
      this._stderr = (this._stderr + chunk).slice(-300).trim();
    });
    worker.unref();
    return worker;
  }

  private _stop(): void {
    const w = this._worker;
    this._worker = undefined;
    void w?.terminate();
  }
}
