// Kills writers at random points and checks that the file is always one whole version, never a mix.
// Each kill costs a Node start (~0.1 s of CPU), so 312 kills take ~30 s on an idle 2-core machine and
// longer on a busy one. For a longer soak: KILL_TEST_KILLS_PER_WORKER=2000 npx vitest run … atomic-kill
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSync } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupTempFiles, isTempFileName, writeFileAtomic } from '../../../src/storage/atomic-file';
import { paperIdFromNotesFileName } from '../../../src/core/notes/model';

const SIZE = 200 * 1024;
const WORKERS = Number(process.env.KILL_TEST_WORKERS ?? 3);
const KILLS_PER_WORKER = Number(process.env.KILL_TEST_KILLS_PER_WORKER ?? 104);
const MAX_DELAY_MS = Number(process.env.KILL_TEST_MAX_DELAY_MS ?? 30);

// Shared by the test and the child. Even and odd versions have different bodies, so a file mixing two
// versions cannot pass for either; header and footer name the version, so a stale or truncated one
// cannot either. The bodies are built once, so a writer spends its time writing, not generating.
const VERSION_SOURCE = `function makeVersion(size) {
  const bodies = [0, 1].map((parity) => {
    const parts = [];
    let length = 0;
    for (let i = 0; length < size; i++) {
      const line = (parity ? 'odd ' : 'even ') + i + ' ' + ((i * 7919 + parity) % 100003).toString(36).padStart(8, '~') + ' lorem ipsum dolor sit amet\\n';
      parts.push(line);
      length += line.length;
    }
    return parts.join('');
  });
  return (n) => 'paper-lens kill test v' + n + '\\n' + bodies[n % 2] + 'complete v' + n + '\\n';
}`;
const version = (new Function(`${VERSION_SOURCE}\nreturn makeVersion;`)() as (size: number) => (n: number) => string)(SIZE);

const CHILD_SOURCE = (bundle: string): string => `'use strict';
const { writeFileAtomic } = require(${JSON.stringify(bundle)});
${VERSION_SOURCE}
const [file, size] = process.argv.slice(2);
const version = makeVersion(Number(size));
// Started ahead of time; writes only when told which version comes next.
process.stdin.once('data', (data) => {
  let n = Number(String(data).trim());
  (async () => {
    for (;;) {
      await writeFileAtomic(file, version(n));
      process.stdout.write('done ' + n + '\\n');
      n++;
    }
  })().catch((err) => {
    process.stderr.write(String((err && err.stack) || err));
    process.exit(3);
  });
});
process.stdout.write('ready\\n');
`;

let root: string;
let childScript: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'paper-lens-kill-'));
  const bundle = join(root, 'atomic-file.cjs');
  buildSync({ entryPoints: [join(__dirname, '../../../src/storage/atomic-file.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'silent' });
  childScript = join(root, 'writer.cjs');
  writeFileSync(childScript, CHILD_SOURCE(bundle));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

interface WorkerStats {
  kills: number;
  /** Killed after a rename but before the writer could report it. */
  sawNewer: number;
  /** Killed while the temp file was being written (it is shorter than a version). */
  tempPartial: number;
  /** Killed after the temp file was complete, before or during the rename. */
  tempFull: number;
  writes: number;
}

interface Writer {
  ready: Promise<void>;
  /** Resolves at the first completed write: from then on the writer is in its steady loop. */
  firstDone: Promise<void>;
  closed: Promise<void>;
  lastDone(): number | undefined;
  start(next: number): void;
  kill(): void;
}

/** Spawns a writer that waits on stdin, so its slow start overlaps the previous writer's round. */
function spawnWriter(file: string): Writer {
  const child = spawn(process.execPath, [childScript, file, String(SIZE)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let lastDone: number | undefined;
  let pending = '';
  let stderr = '';
  let killed = false;
  let onFirstDone = (): void => undefined;
  const firstDone = new Promise<void>((resolve) => (onFirstDone = resolve));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line === 'ready') resolve();
        else if (line.startsWith('done ')) {
          lastDone = Number(line.slice(5));
          onFirstDone();
        }
      }
    });
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('exit', (code) => {
      if (!killed) reject(new Error(`writer exited on its own (${code}): ${stderr}`));
    });
  });
  ready.catch(() => undefined);
  // 'close' comes after the pipes are drained, so every 'done' the writer printed has been seen.
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return {
    ready,
    firstDone,
    closed,
    lastDone: () => lastDone,
    start: (next) => child.stdin.write(`${next}\n`),
    kill: () => {
      killed = true;
      child.kill('SIGKILL');
    },
  };
}

/** One writer per round: let it write for a random moment, SIGKILL it, check the file. */
async function runWorker(index: number, kills: number): Promise<WorkerStats> {
  const dir = join(root, `worker-${index}`);
  mkdirSync(dir);
  const file = join(dir, 'paper.md');
  await writeFileAtomic(file, version(0));
  let onDisk = 0;
  const stats: WorkerStats = { kills: 0, sawNewer: 0, tempPartial: 0, tempFull: 0, writes: 0 };

  let standby = spawnWriter(file);
  try {
    for (let k = 0; k < kills; k++) {
      const writer = standby;
      await writer.ready;
      standby = spawnWriter(file);
      writer.start(onDisk + 1);
      // Some kills come at any moment after the start, most once writes are in full swing, so they
      // land in every phase: before the temp file, during its write, at fsync, at rename, after it.
      if (k % 4 !== 0) await Promise.race([writer.firstDone, writer.closed]);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * MAX_DELAY_MS));
      writer.kill();
      await writer.closed;
      stats.kills++;

      const lastDone = writer.lastDone() ?? onDisk;
      const text = readFileSync(file, 'utf8');
      const head = /^paper-lens kill test v(\d+)\n/.exec(text);
      expect(head, `worker ${index} kill ${k}: the file does not start with a version header`).not.toBeNull();
      const n = Number(head![1]);
      expect([lastDone, lastDone + 1], `worker ${index} kill ${k}: version ${n} after ${lastDone} was reported`).toContain(n);
      expect(text === version(n), `worker ${index} kill ${k}: version ${n} is not complete`).toBe(true);
      if (n === lastDone + 1) stats.sawNewer++;
      stats.writes += n - onDisk;
      onDisk = n;

      const names = readdirSync(dir);
      for (const temp of names.filter(isTempFileName)) {
        if (statSync(join(dir, temp)).size < SIZE) stats.tempPartial++;
        else stats.tempFull++;
      }
      // A leftover temp file is never taken for a notes file, and cleanup removes it (the standby writer
      // has not started, so no write is in progress).
      expect(names.map(paperIdFromNotesFileName).filter(Boolean)).toEqual(['paper']);
      await cleanupTempFiles(dir, { olderThanMs: 0 });
      expect(readdirSync(dir)).toEqual(['paper.md']);
    }
  } finally {
    standby.kill();
    await standby.closed;
  }
  return stats;
}

describe('writeFileAtomic under SIGKILL', () => {
  it(`leaves the old or the new version, never a partial one (${WORKERS * KILLS_PER_WORKER} kills)`, async () => {
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: WORKERS }, (_, i) => runWorker(i, KILLS_PER_WORKER)));
    const total = results.reduce((a, r) => ({
      kills: a.kills + r.kills,
      sawNewer: a.sawNewer + r.sawNewer,
      tempPartial: a.tempPartial + r.tempPartial,
      tempFull: a.tempFull + r.tempFull,
      writes: a.writes + r.writes,
    }));
    console.log(
      `kill test: ${total.kills} kills in ${((Date.now() - started) / 1000).toFixed(1)} s, ${total.writes} versions completed; ` +
        `kills during the temp write: ${total.tempPartial}, after it (fsync/rename): ${total.tempFull}, ` +
        `after a rename before its report: ${total.sawNewer}, elsewhere: ${total.kills - total.tempPartial - total.tempFull - total.sawNewer}`,
    );
    expect(total.kills).toBeGreaterThanOrEqual(300);
    // The kills must land inside writes, not only between them, or the test proves little.
    expect(total.tempPartial).toBeGreaterThan(0);
  }, 300_000);
});
