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

/** The body of a scan worker: scans the batches it is sent with `fs` and answers each in turn. */
export function runScanWorker(fs: ScanFs): void {
  const port = parentPort;
  if (!port) return;
  const { maxBytes, skipDetection } = workerData as { maxBytes: number; skipDetection?: boolean };
  const options: ScanOptions = { maxBytes, skipDetection };
  port.on('message', (msg: Request) => {
    if (msg.id < 0 || !('files' in msg)) return port.close();
    const reply: Reply = { id: msg.id, result: scanFiles(msg.files, fs, options) };
    port.postMessage(reply);
  });
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
  const merged: ScanResult = { findings: [], skipped: [], filesScanned: 0, bytesScanned: 0 };
  for (const r of results) {
    for (const f of r.findings) merged.findings.push(f);
    for (const s of r.skipped) merged.skipped.push(s);
    merged.filesScanned += r.filesScanned;
    merged.bytesScanned += r.bytesScanned;
  }
  return merged;
}
