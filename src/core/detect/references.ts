import { familyOf, languageOf } from './language';
import { lexSpans, type Span } from './lexer';
import { lexCells, notebookSource, rawOffsetOf, readNotebookCells, type NotebookSource } from './notebook';
import { LineIndex } from './text';

/** A `paper:<id>` or `paper:<id>#<section>` mention written in a comment. */
export interface PaperReference {
  /** 1-based line. */
  line: number;
  /** 0-based column where `paper:` starts. */
  column: number;
  /** 0-based column just past the token. */
  endColumn: number;
  paperId: string;
  sectionId?: string;
}

// Slug-shaped ids; the trailing character may not be `-` or `.` so sentence punctuation stays out.
// `#page=7` points into the paper's PDF.
const REFERENCE = /(?<![\w-])paper:([A-Za-z0-9](?:[\w.-]{0,62}[A-Za-z0-9])?)(?:#(page=\d{1,7}\b|[A-Za-z0-9](?:[\w.-]{0,94}[A-Za-z0-9])?))?/g;

interface Found {
  offset: number;
  length: number;
  paperId: string;
  sectionId?: string;
}

function referencesIn(text: string, start: number, end: number, out: Found[]): void {
  const slice = text.slice(start, end);
  if (!slice.includes('paper:')) return;
  for (const m of slice.matchAll(REFERENCE)) {
    out.push({ offset: start + (m.index ?? 0), length: m[0].length, paperId: m[1], sectionId: m[2] });
  }
}

/**
 * Finds `paper:<id>` and `paper:<id>#<section>` tokens inside comments (Python docstrings and notebook
 * markdown cells count as comments). Code and string literals are ignored. For files of unknown type
 * `#`, `//`, `--` and block comments are recognized heuristically. Never throws.
 */
export function findPaperReferences(text: string, fileName: string): PaperReference[] {
  try {
    if (!text.includes('paper:')) return [];
    const language = languageOf(fileName);
    if (language === 'ipynb') return notebookReferences(text);
    if (!language) return toReferences(text, heuristicComments(text));
    const comments: Span[] = [];
    lexSpans(text, familyOf(language), comments);
    return toReferences(text, comments);
  } catch {
    return [];
  }
}

function toReferences(text: string, spans: Span[]): PaperReference[] {
  const found: Found[] = [];
  for (const s of spans) referencesIn(text, s.start, s.end, found);
  if (found.length === 0) return [];
  const lines = new LineIndex(text);
  return found.map((f) => {
    const line = lines.lineOf(f.offset);
    const column = f.offset - lines.starts[line];
    return { line: line + 1, column, endColumn: column + f.length, paperId: f.paperId, ...(f.sectionId ? { sectionId: f.sectionId } : {}) };
  });
}

function notebookReferences(raw: string): PaperReference[] {
  const cells = readNotebookCells(raw);
  const code = notebookSource(raw, cells, ['code']);
  const markdown = notebookSource(raw, cells, ['markdown']);
  const rawLines = new LineIndex(raw);
  const out: PaperReference[] = [];
  const sources: [NotebookSource, Span[]][] = [
    [code, codeComments(code)],
    [markdown, [{ start: 0, end: markdown.text.length }]],
  ];
  for (const [src, spans] of sources) {
    const found: Found[] = [];
    for (const s of spans) referencesIn(src.text, s.start, s.end, found);
    for (const f of found) {
      const piece = pieceAt(src, f.offset);
      if (!piece) continue;
      const start = rawOffsetOf(raw, piece.piece.rawStart, f.offset - piece.offset);
      const end = rawOffsetOf(raw, piece.piece.rawStart, f.offset - piece.offset + f.length);
      const line = rawLines.lineOf(start);
      const column = start - rawLines.starts[line];
      out.push({ line: line + 1, column, endColumn: column + (end - start), paperId: f.paperId, ...(f.sectionId ? { sectionId: f.sectionId } : {}) });
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

function codeComments(src: NotebookSource): Span[] {
  const comments: Span[] = [];
  lexCells(src, comments);
  return comments;
}

function pieceAt(src: NotebookSource, offset: number): NotebookSource['pieces'][number] | undefined {
  let found: NotebookSource['pieces'][number] | undefined;
  for (const p of src.pieces) {
    if (p.offset > offset) break;
    found = p;
  }
  return found;
}

/** Comment spans for languages the lexer does not know: `#`, `//`, `--` to end of line, and block comments. */
function heuristicComments(text: string): Span[] {
  const spans: Span[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const open = text.indexOf('/*', i);
    const lineEnd = text.indexOf('\n', i);
    const end = lineEnd < 0 ? n : lineEnd;
    if (open >= 0 && open < end) {
      const close = text.indexOf('*/', open + 2);
      const stop = close < 0 ? n : close + 2;
      lineComment(text, i, open, spans);
      spans.push({ start: open, end: stop });
      i = stop;
      continue;
    }
    lineComment(text, i, end, spans);
    i = end + 1;
  }
  return spans;
}

function lineComment(text: string, start: number, end: number, spans: Span[]): void {
  const m = /(?:^|\s)(#|\/\/|--)/.exec(text.slice(start, end));
  if (m) spans.push({ start: start + m.index + m[0].length - m[1].length, end });
}
