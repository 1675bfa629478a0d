import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  backupCorrupt,
  changedSince,
  cleanupTempFiles,
  isTempFileName,
  readWithStamp,
  sameStamp,
  writeFileAtomic,
} from '../../../src/storage/atomic-file';
import { loadNotes, saveNotes } from '../../../src/core/notes/notes-store';
import { addAnnotation, emptyNotes, paperIdFromNotesFileName } from '../../../src/core/notes/model';
import { serializeNotes } from '../../../src/core/notes/format';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paper-lens-atomic-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates the folder and the file, replaces it, and leaves no temp file', async () => {
    const file = join(dir, 'notes', 'dora.md');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, new TextEncoder().encode('two ✓'));
    expect(readFileSync(file, 'utf8')).toBe('two ✓');
    expect(readdirSync(join(dir, 'notes'))).toEqual(['dora.md']);
  });

  it('keeps the mode of an existing file', async () => {
    const file = join(dir, 'dora.md');
    writeFileSync(file, 'x');
    chmodSync(file, 0o640);
    await writeFileAtomic(file, 'y');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('writes through a symlink to its target', async () => {
    const real = join(dir, 'real.md');
    writeFileSync(real, 'old');
    const link = join(dir, 'link.md');
    symlinkSync(real, link);
    await writeFileAtomic(link, 'new');
    expect(readFileSync(real, 'utf8')).toBe('new');
    expect(readFileSync(link, 'utf8')).toBe('new');
  });

  it('removes its temp file and leaves the target alone when the rename fails', async () => {
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});

describe('readWithStamp and change detection', () => {
  it('returns undefined for a missing file', async () => {
    expect(await readWithStamp(join(dir, 'none.md'))).toBeUndefined();
    expect(await changedSince(join(dir, 'none.md'), undefined)).toBe(false);
  });

  it('stamps the bytes read and notices any change, even with the same size and mtime', async () => {
    const file = join(dir, 'dora.md');
    writeFileSync(file, 'aaaa');
    const first = (await readWithStamp(file))!;
    expect(first).toMatchObject({ text: 'aaaa', utf8: true, stamp: { size: 4 } });
    expect(await changedSince(file, first.stamp)).toBe(false);

    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'bbbb');
    utimesSync(file, atime, mtime);
    expect(await changedSince(file, first.stamp)).toBe(true);
    const second = (await readWithStamp(file))!;
    expect(sameStamp(first.stamp, second.stamp)).toBe(false);
    expect(Math.abs(second.stamp.mtimeMs - first.stamp.mtimeMs)).toBeLessThan(2);

    rmSync(file);
    expect(await changedSince(file, second.stamp)).toBe(true);
  });

  it('flags bytes that are not UTF-8', async () => {
    const file = join(dir, 'bin.md');
    writeFileSync(file, Buffer.from([0x2d, 0x2d, 0xff, 0xfe, 0x00]));
    expect(await readWithStamp(file)).toMatchObject({ utf8: false, text: '--\uFFFD\uFFFD\u0000' });
  });
});

describe('backupCorrupt', () => {
  it('copies the file next to it as <name>.corrupt-<timestamp>.md, once per distinct content', async () => {
    const file = join(dir, 'dora.md');
    writeFileSync(file, 'broken');
    const now = new Date('2025-03-04T05:06:07.089Z');
    const copy = await backupCorrupt(file, now);
    expect(copy).toBe(join(dir, 'dora.corrupt-2025-03-04T05-06-07-089Z.md'));
    expect(readFileSync(copy, 'utf8')).toBe('broken');
    expect(readFileSync(file, 'utf8')).toBe('broken');
    expect(await backupCorrupt(file, new Date('2025-03-05T00:00:00.000Z'))).toBe(copy);

    writeFileSync(file, 'broken differently');
    const second = await backupCorrupt(file, now);
    expect(second).toBe(join(dir, 'dora.corrupt-2025-03-04T05-06-07-089Z-1.md'));
    // Backups are never taken for notes files.
    expect(readdirSync(dir).map(paperIdFromNotesFileName).filter(Boolean)).toEqual(['dora']);
  });
});

describe('cleanupTempFiles', () => {
  it('removes only temp files, and only old ones', async () => {
    const old = join(dir, '.dora.md.paper-lens-123-0123456789ab.tmp');
    const fresh = join(dir, '.lora.md.paper-lens-456-ba9876543210.tmp');
    writeFileSync(old, 'partial');
    writeFileSync(fresh, 'partial');
    writeFileSync(join(dir, 'dora.md'), 'real');
    writeFileSync(join(dir, '.hidden.tmp'), 'not ours');
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(old, past, past);
    expect(isTempFileName('.dora.md.paper-lens-123-0123456789ab.tmp')).toBe(true);
    expect(paperIdFromNotesFileName('.dora.md.paper-lens-123-0123456789ab.tmp')).toBeUndefined();

    expect(await cleanupTempFiles(dir)).toEqual([old]);
    expect(readdirSync(dir).sort()).toEqual(['.hidden.tmp', '.lora.md.paper-lens-456-ba9876543210.tmp', 'dora.md']);
    expect(await cleanupTempFiles(dir, { olderThanMs: 0 })).toEqual([fresh]);
    expect(await cleanupTempFiles(join(dir, 'missing'))).toEqual([]);
  });
});

describe('the notes store on real files', () => {
  const storage = {
    read: readWithStamp,
    write: (p: string, text: string) => writeFileAtomic(p, text),
    backup: (p: string) => backupCorrupt(p),
  };

  it('saves, reloads, and refuses to overwrite a damaged file', async () => {
    const file = join(dir, '.paper-lens', 'notes', 'dora.md');
    const { file: notes } = addAnnotation(emptyNotes('dora'), { kind: 'note', target: {}, body: 'Math: $e^{i\\pi} + 1 = 0$' }, '2025-01-01T00:00:00.000Z');
    const saved = await saveNotes(storage, file, undefined, notes);
    expect(saved.state).toBe('saved');
    const loaded = await loadNotes(storage, file, 'dora');
    expect(loaded).toMatchObject({ state: 'ok', file: { annotations: [{ body: 'Math: $e^{i\\pi} + 1 = 0$' }] } });

    writeFileSync(file, serializeNotes(notes).replace('"kind":"note"', '"kind":"note",,'));
    const damaged = readFileSync(file, 'utf8');
    const again = await loadNotes(storage, file, 'dora');
    expect(again).toMatchObject({ state: 'unreadable', error: { line: 9 } });
    if (again.state !== 'unreadable' || loaded.state !== 'ok') throw new Error('unexpected');
    expect(readFileSync(again.backupPath!, 'utf8')).toBe(damaged);
    const refused = await saveNotes(storage, file, { file: loaded.file, text: loaded.text! }, notes);
    expect(refused.state).toBe('unreadable');
    expect(readFileSync(file, 'utf8')).toBe(damaged);
  });
});
