// A bug inside the parser must not brand the user's file as corrupt: no backup, no read-only notes, nothing
// written over it. The real parser is used; one marker in the text makes it meet an exception that is not
// a parse error (a throwing option getter, as a bug in the parser would throw).
import { describe, expect, it, vi } from 'vitest';
import type { NotesStorage, NotesText } from '../../../src/core/notes/notes-store';

vi.mock('../../../src/core/notes/format', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/core/notes/format')>();
  const buggy = { get paperId(): string { throw new TypeError('simulated parser bug'); } };
  return { ...real, parseNotes: (text: string, options?: { paperId?: string }) => real.parseNotes(text, text.includes('TRIGGER-BUG') ? buggy : options) };
});

const { loadNotes, saveNotes } = await import('../../../src/core/notes/notes-store');
const { emptyNotes, addAnnotation } = await import('../../../src/core/notes/model');

function memory(files: Record<string, string>): NotesStorage & { backups: string[]; writes: string[] } {
  const backups: string[] = [];
  const writes: string[] = [];
  return {
    backups,
    writes,
    async read(path): Promise<NotesText | undefined> {
      return path in files ? { text: files[path], utf8: true } : undefined;
    },
    async write(path, text) {
      writes.push(path);
      files[path] = text;
    },
    async backup(path) {
      backups.push(path);
      return `${path}.corrupt`;
    },
  };
}

// No `paper:` line, so the parser asks the options for the id and meets the bug.
const TEXT = '---\nformat: 1\n---\n\nTRIGGER-BUG: a note kept by hand.\n';

describe('notes store: a parser bug is not a corrupt file', () => {
  it('loading reports a bug, makes no backup and does not make the notes read-only', async () => {
    const storage = memory({ 'n/dora.md': TEXT });
    const r = await loadNotes(storage, 'n/dora.md', 'dora');
    expect(r.state).toBe('bug');
    if (r.state === 'bug') expect(r.error.bug).toMatch(/simulated parser bug/);
    expect(storage.backups).toEqual([]);
  });

  it('saving over such a file writes nothing and makes no backup', async () => {
    const files = { 'n/dora.md': TEXT };
    const storage = memory(files);
    const mine = addAnnotation(emptyNotes('dora'), { kind: 'note', target: {}, body: 'x' }, '2026-01-01T00:00:00.000Z').file;
    const r = await saveNotes(storage, 'n/dora.md', undefined, mine);
    expect(r.state).toBe('bug');
    expect(storage.writes).toEqual([]);
    expect(storage.backups).toEqual([]);
    expect(files['n/dora.md']).toBe(TEXT);
  });
});
