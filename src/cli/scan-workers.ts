import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { scanFiles, type ScanEntry, type ScanFs, type ScanOptions, type ScanResult } from '../core/cli/scan';

/** Below this many files one thread wins: starting a worker and loading the bundle in it costs tens of ms. */
const MIN_PARALLEL_FILES = 256;
/** Files per message: small enough to balance one slow file, large enough that messages cost nothing. */
const BATCH_FILES = 48;
const MAX_THREADS = 4;

/** What the main thread sends a worker: a batch to scan, or the end. */
type Request = { id: number; files: ScanEntry[] } | { id: -1 };
interface Reply {
  id: number;
  result: ScanResult;
}

/** Marks a worker started by {@link scanFilesInWorkers}, so the script it runs knows its role. */
export const SCAN_WORKER = 'paper-lens-scan-worker';

/** True in a thread started by {@link scanFilesInWorkers}. */
export function isScanWorker(): boolean {
  return parentPort !== null && (workerData as { role?: string } | undefined)?.role === SCAN_WORKER;
}

/** What a worker is started with. */
interface WorkerSetup {
  role: string;
  maxBytes: number;
  skipDetection?: boolean;
  /** Batches finished, per worker slot: read by a main thread that is busy walking and cannot take replies. */
  done?: Int32Array;
  slot?: number;
}

/** The body of a scan worker: scans the batches it is sent with `fs` and answers each in turn. */
export function runScanWorker(fs: ScanFs): void {
  const port = parentPort;
  if (!port) return;
  const { maxBytes, skipDetection, done, slot } = workerData as WorkerSetup;
  const options: ScanOptions = { maxBytes, skipDetection };
  port.on('message', (msg: Request) => {
    if (msg.id < 0 || !('files' in msg)) return port.close();
    const reply: Reply = { id: msg.id, result: scanFiles(msg.files, fs, options) };
    if (done && slot !== undefined) Atomics.add(done, slot, 1);
    port.postMessage(reply);
  });
}

/** A scan fed file by file while the walk still runs: see {@link startScanInWorkers}. */
export interface ScanJob {
  /** The next file, in walk order. */
  add(file: ScanEntry): void;
  /** Resolves to what {@link scanFiles} returns for all the files added, in the same order. */
  finish(): Promise<ScanResult>;
}

/**
 * {@link scanFilesInWorkers} that overlaps the walk: once the walk has found enough files for threads to
 * pay, workers start and get each batch of {@link BATCH_FILES} as it fills, two ahead of what they have
 * finished (counted in shared memory, since this thread takes no messages while it walks). `finish`
 * scans the rest as {@link scanFilesInWorkers} does, and the batches are the same slices in the same
 * order, so the result is too. Small scans, and any worker failure, end up on this thread.
 */
export function startScanInWorkers(script: string, fs: ScanFs, options: ScanOptions, ran?: (threads: number) => void): ScanJob {
  const files: ScanEntry[] = [];
  const batches: ScanEntry[][] = [];
  const results: ScanResult[] = [];
  const threads = Math.min(availableParallelism(), MAX_THREADS);
  const done = new Int32Array(new SharedArrayBuffer(4 * MAX_THREADS));
  const workers: { worker: Worker; posted: number }[] = [];
  let next = 0;
  let finished = 0;
  let failure: unknown;
  // set by finish(); until then replies are only recorded
  let settle: ((error?: unknown) => void) | undefined;
  const feed = (w: { worker: Worker; posted: number }): void => {
    if (next >= batches.length) return;
    const id = next++;
    w.posted++;
    w.worker.postMessage({ id, files: batches[id] } satisfies Request);
  };
  const start = (): void => {
    for (let slot = 0; slot < threads - 1; slot++) {
      const setup: WorkerSetup = { role: SCAN_WORKER, maxBytes: options.maxBytes, skipDetection: options.skipDetection, done, slot };
      const w = { worker: new Worker(script, { workerData: setup }), posted: 0 };
      workers.push(w);
      w.worker.on('message', (reply: Reply) => {
        results[reply.id] = reply.result;
        finished++;
        if (settle) {
          if (finished === batches.length) settle();
          else feed(w);
        }
      });
      w.worker.on('error', (err) => {
        failure ??= err;
        settle?.(err);
      });
      w.worker.on('exit', (code) => {
        if (finished < batches.length) {
          failure ??= new Error(`scan worker exited with code ${code}`);
          settle?.(failure);
        }
      });
    }
  };
  return {
    add(file) {
      files.push(file);
      if (files.length % BATCH_FILES !== 0) return;
      batches.push(files.slice(-BATCH_FILES));
      if (workers.length === 0 && threads >= 2 && files.length >= MIN_PARALLEL_FILES) start();
      for (let slot = 0; slot < workers.length; slot++) {
        while (next < batches.length && workers[slot].posted - Atomics.load(done, slot) < 2) feed(workers[slot]);
      }
    },
    async finish() {
      // too few files for threads: the one-shot scan decides as before (it stays on this thread)
      if (workers.length === 0) return scanFilesInWorkers(script, fs, files, options, ran);
      const rest = files.length % BATCH_FILES;
      if (rest) batches.push(files.slice(-rest));
      try {
        await new Promise<void>((resolve, reject) => {
          settle = (error) => (error === undefined ? resolve() : reject(error));
          if (failure !== undefined) return reject(failure);
          if (finished === batches.length) return resolve();
          // workers that went idle during the walk get work again
          for (let slot = 0; slot < workers.length; slot++) {
            while (next < batches.length && workers[slot].posted - Atomics.load(done, slot) < 2) feed(workers[slot]);
          }
          const local = (): void => {
            if (failure !== undefined || next >= batches.length) return;
            const id = next++;
            results[id] = scanFiles(batches[id], fs, options);
            if (++finished === batches.length) resolve();
            else setImmediate(local);
          };
          setImmediate(local);
        });
      } catch {
        ran?.(1);
        return scanFiles(files, fs, options);
      } finally {
        for (const w of workers) void w.worker.terminate();
      }
      ran?.(threads);
      return mergeResults(results);
    },
  };
}

/**
 * {@link scanFiles} across threads, one per core: this one and workers running `script` (this CLI's own
 * bundle). Batches go to whichever thread is free and the results are put back in file order, so the
 * output is the same as one thread's. Small scans, and any worker failure, fall back to scanning on this thread.
 * `ran` hears how many threads did the scan (1 when it fell back).
 */
export async function scanFilesInWorkers(script: string, fs: ScanFs, files: readonly ScanEntry[], options: ScanOptions, ran?: (threads: number) => void): Promise<ScanResult> {
  const threads = Math.min(availableParallelism(), MAX_THREADS, Math.ceil(files.length / BATCH_FILES));
  if (threads < 2 || files.length < MIN_PARALLEL_FILES) {
    ran?.(1);
    return scanFiles(files, fs, options);
  }
  const batches: ScanEntry[][] = [];
  for (let i = 0; i < files.length; i += BATCH_FILES) batches.push(files.slice(i, i + BATCH_FILES));
  const results: ScanResult[] = new Array<ScanResult>(batches.length);
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      // this thread scans a batch at a time and between batches lets the workers' replies in
      const local = (): void => {
        if (next >= batches.length) return;
        const id = next++;
        results[id] = scanFiles(batches[id], fs, options);
        if (++done === batches.length) resolve();
        else setImmediate(local);
      };
      const feed = (w: Worker): void => {
        if (next < batches.length) {
          const id = next++;
          w.postMessage({ id, files: batches[id] } satisfies Request);
        }
      };
      for (let t = 1; t < threads; t++) {
        const w = new Worker(script, { workerData: { role: SCAN_WORKER, maxBytes: options.maxBytes, skipDetection: options.skipDetection } });
        workers.push(w);
        w.on('message', (reply: Reply) => {
          results[reply.id] = reply.result;
          if (++done === batches.length) resolve();
          else feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (done < batches.length) reject(new Error(`scan worker exited with code ${code}`));
        });
        // two batches in flight per worker, so it never waits for the next one
        feed(w);
        feed(w);
      }
      setImmediate(local);
    });
  } catch {
    ran?.(1);
    return scanFiles(files, fs, options);
  } finally {
    for (const w of workers) void w.terminate();
  }
  ran?.(threads);
  return mergeResults(results);
}

/** The results of consecutive batches as one result. */
function mergeResults(results: readonly ScanResult[]): ScanResult {
  const merged: ScanResult = { findings: [], skipped: [], filesScanned: 0, bytesScanned: 0 };
  for (const r of results) {
    for (const f of r.findings) merged.findings.push(f);
    for (const s of r.skipped) merged.skipped.push(s);
    merged.filesScanned += r.filesScanned;
    merged.bytesScanned += r.bytesScanned;
  }
  return merged;
}
