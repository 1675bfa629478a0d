import { describe, expect, it } from 'vitest';
import { type NotesStorage, type NotesText, loadNotes, saveNotes } from '../../../src/core/notes/notes-store';
import { parseNotes, serializeNotes } from '../../../src/core/notes/format';
import { type NotesFile, addAnnotation, emptyNotes, updateAnnotation } from '../../../src/core/notes/model';

const PATH = '/ws/.paper-lens/notes/dora.md';
const NOW = '2025-05-05T05:05:05.000Z';

/** An in-memory folder that logs every operation, so tests can check what happened and in which order. */
class MemoryStorage implements NotesStorage {
  readonly files = new Map<string, string>();
  readonly log: string[] = [];
  /** Called on each read; lets a test change the file "from another window" between reads. */
  onRead?: (n: number) => void;
  private _reads = 0;

  /** Paths whose bytes are not UTF-8. */
  readonly notUtf8 = new Set<string>();

  async read(path: string): Promise<NotesText | undefined> {
    this.onRead?.(++this._reads);
    this.log.push(`read ${path}`);
    const text = this.files.get(path);
    return text === undefined ? undefined : { text, utf8: !this.notUtf8.has(path) };
  }

  async write(path: string, text: string): Promise<void> {
    this.log.push(`write ${path}`);
    this.files.set(path, text);
  }

  async backup(path: string): Promise<string> {
    const copy = `${path.replace(/\.md$/, '')}.corrupt-2025.md`;
    this.log.push(`backup ${path}`);
    this.files.set(copy, this.files.get(path)!);
    return copy;
  }
}

const withNote = (file: NotesFile, body: string, seed: number): NotesFile =>
  addAnnotation(file, { kind: 'note', target: { section: 'method' }, body }, NOW, () => seed).file;

describe('loadNotes', () => {
  it('gives empty notes for a missing file', async () => {
    const storage = new MemoryStorage();
    expect(await loadNotes(storage, PATH, 'dora')).toEqual({ state: 'ok', file: emptyNotes('dora'), text: undefined, warnings: [] });
  });

  it('reads a file and warns when its paper id does not match its name', async () => {
    const storage = new MemoryStorage();
    storage.files.set(PATH, serializeNotes(withNote(emptyNotes('lora'), 'hi', 0.1)));
    const r = await loadNotes(storage, PATH, 'dora');
    expect(r.state).toBe('ok');
    if (r.state === 'ok') expect(r.warnings.join()).toMatch(/says paper "lora"/);
  });

  it('backs up an unreadable file first, reports the line and writes nothing', async () => {
    const storage = new MemoryStorage();
    const broken = '---\npaper: dora\nformat: 1\n---\n\n## T {#abc}\n<!-- paper-lens: {"kind": -->\n';
    storage.files.set(PATH, broken);
    const r = await loadNotes(storage, PATH, 'dora');
    expect(r).toMatchObject({ state: 'unreadable', error: { line: 7 }, backupPath: '/ws/.paper-lens/notes/dora.corrupt-2025.md' });
    expect(storage.log).toEqual([`read ${PATH}`, `backup ${PATH}`]);
    expect(storage.files.get(PATH)).toBe(broken);
  });

  it('treats a file that is not UTF-8 as unreadable, even when the decoded text would parse', async () => {
    const storage = new MemoryStorage();
    storage.files.set(PATH, '---\npaper: dora\nformat: 1\n---\n\nCaf\uFFFD notes\n');
    storage.notUtf8.add(PATH);
    expect(await loadNotes(storage, PATH, 'dora')).toMatchObject({ state: 'unreadable', error: { line: 6, message: expect.stringMatching(/not valid UTF-8/) } });
    const r = await saveNotes(storage, PATH, undefined, emptyNotes('dora'));
    expect(r.state).toBe('unreadable');
    expect(storage.log.filter((l) => l.startsWith('write'))).toEqual([]);
  });

  it('reports a failed backup instead of throwing', async () => {
    const storage = new MemoryStorage();
    storage.files.set(PATH, '\u0000');
    storage.backup = async () => {
      throw new Error('disk full');
    };
    expect(await loadNotes(storage, PATH, 'dora')).toMatchObject({ state: 'unreadable', backupError: 'disk full' });
  });
});

describe('saveNotes', () => {
  it('writes when the file is as it was read', async () => {
    const storage = new MemoryStorage();
    const mine = withNote(emptyNotes('dora'), 'first note', 0.1);
    const r = await saveNotes(storage, PATH, undefined, mine);
    expect(r).toMatchObject({ state: 'saved', merged: false, conflicts: [] });
    expect(storage.files.get(PATH)).toBe(serializeNotes(mine));
  });

  it('merges with a hand edit made since the file was read, keeping both', async () => {
    const storage = new MemoryStorage();
    const first = withNote(emptyNotes('dora'), 'first note', 0.1);
    storage.files.set(PATH, serializeNotes(first));
    const loaded = await loadNotes(storage, PATH, 'dora');
    if (loaded.state !== 'ok') throw new Error('load failed');
    const base = { file: loaded.file, text: loaded.text! };

    // Someone edits the file by hand: rewords the note and adds prose to the preamble.
    storage.files.set(PATH, loaded.text!.replace('first note', 'first note, reworded by hand').replace('format: 1\n---\n', 'format: 1\n---\n\nMy own intro.\n'));
    // Meanwhile this window adds a note and recolors the first one.
    const id = loaded.file.annotations[0].id;
    const mine = updateAnnotation(withNote(loaded.file, 'second note', 0.2), id, { color: 'blue' }, NOW);

    const r = await saveNotes(storage, PATH, base, mine);
    expect(r).toMatchObject({ state: 'saved', merged: true, conflicts: [] });
    const onDisk = parseNotes(storage.files.get(PATH)!);
    expect(onDisk.ok && onDisk.file.preamble).toBe('My own intro.');
    expect(onDisk.ok && onDisk.file.annotations.map((a) => [a.body, a.color])).toEqual([
      ['first note, reworded by hand', 'blue'],
      ['second note', undefined],
    ]);
    if (r.state === 'saved') expect(r.text).toBe(storage.files.get(PATH));
  });

  it('does not write over a file that became unreadable; it backs it up instead', async () => {
    const storage = new MemoryStorage();
    const first = withNote(emptyNotes('dora'), 'first note', 0.1);
    const text = serializeNotes(first);
    storage.files.set(PATH, text.slice(0, 40));
    const r = await saveNotes(storage, PATH, { file: first, text }, withNote(first, 'more', 0.2));
    expect(r).toMatchObject({ state: 'unreadable' });
    expect(storage.files.get(PATH)).toBe(text.slice(0, 40));
    expect(storage.log.filter((l) => l.startsWith('write'))).toEqual([]);
    expect(storage.log.at(-1)).toBe(`backup ${PATH}`);
  });

  it('redoes the merge when the file changes again during the save, and gives up when it never settles', async () => {
    const storage = new MemoryStorage();
    const first = withNote(emptyNotes('dora'), 'first note', 0.1);
    const text = serializeNotes(first);
    storage.files.set(PATH, text);
    let other = first;
    storage.onRead = (n) => {
      // Another window adds a note between our two reads, once.
      if (n === 2) {
        other = withNote(other, 'from the other window', 0.9);
        storage.files.set(PATH, serializeNotes(other));
      }
    };
    const r = await saveNotes(storage, PATH, { file: first, text }, withNote(first, 'mine', 0.2));
    expect(r.state).toBe('saved');
    expect(storage.files.get(PATH)).toContain('from the other window');
    expect(storage.files.get(PATH)).toContain('mine');

    storage.onRead = (n) => storage.files.set(PATH, serializeNotes(withNote(first, `edit ${n}`, 0.3)));
    expect(await saveNotes(storage, PATH, { file: first, text }, withNote(first, 'mine', 0.2))).toMatchObject({ state: 'busy' });
  });

  it('treats a deleted file as a deletion of what this window did not change', async () => {
    const storage = new MemoryStorage();
    const first = withNote(withNote(emptyNotes('dora'), 'untouched', 0.1), 'edited here', 0.2);
    const text = serializeNotes(first);
    const mine = updateAnnotation(first, first.annotations[1].id, { body: 'edited here, again' }, NOW);
    const r = await saveNotes(storage, PATH, { file: first, text }, mine);
    expect(r).toMatchObject({ state: 'saved', merged: true, conflicts: [{ kind: 'edited-and-deleted' }] });
    if (r.state === 'saved') expect(r.file.annotations.map((a) => a.body)).toEqual(['edited here, again']);
  });
});

describe('loadNotes after a file-change event', () => {
  it('looks again at a file that does not parse and uses the text the writer finished', async () => {
    const full = serializeNotes(addAnnotation(emptyNotes('dora'), { kind: 'note', target: {}, body: 'written in two steps' }, '2026-01-01T00:00:00.000Z').file);
    let text = '';
    const backups: string[] = [];
    const storage: NotesStorage = {
      read: async () => ({ text, utf8: true }),
      write: async () => undefined,
      backup: async (p) => {
        backups.push(p);
        return `${p}.corrupt`;
      },
    };
    // The writer has truncated the file; it finishes while the store waits.
    const r = await loadNotes(storage, 'dora.md', 'dora', { recheck: async () => void (text = full) });
    expect(r.state).toBe('ok');
    if (r.state === 'ok') expect(r.file.annotations.map((a) => a.body)).toEqual(['written in two steps']);
    expect(backups).toEqual([]);
    // A file that stays broken is still backed up and reported.
    text = 'not notes';
    const broken = await loadNotes(storage, 'dora.md', 'dora', { recheck: async () => undefined });
    expect(broken.state).toBe('unreadable');
    expect(backups).toEqual(['dora.md']);
  });
});
