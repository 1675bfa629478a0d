import { lexSpans, type Span } from './lexer';
import { LineIndex } from './text';

/** One string of a cell's `source` array, with where its text starts in the `.ipynb` file. */
export interface CellString {
  text: string;
  /** Offset in the notebook file of the first character after the opening quote. */
  rawStart: number;
}

/** A notebook cell as read from the raw JSON. */
export interface NotebookCell {
  kind: string;
  strings: CellString[];
}

type Role = 'root' | 'cells' | 'cell' | 'source' | 'other';
interface Frame {
  object: boolean;
  role: Role;
  key: string; // last key read (objects only)
  expectKey: boolean;
}

const MAX_DEPTH = 512;

/**
 * Reads the cells of a notebook (nbformat 4 `cells[].source`, nbformat 3 `worksheets[].cells[].input`)
 * in one linear pass over the raw JSON, so every source string keeps its position in the file.
 * Tolerant: malformed JSON yields whatever cells were read before the damage; never throws.
 */
export function readNotebookCells(raw: string): NotebookCell[] {
  const cells: NotebookCell[] = [];
  const stack: Frame[] = [];
  const n = raw.length;
  let i = 0;
  const top = (): Frame | undefined => stack[stack.length - 1];
  const afterValue = (): void => {
    const f = top();
    if (f?.object) f.expectKey = false;
  };
  while (i < n) {
    const c = raw.charCodeAt(i);
    if (c === 123 || c === 91) {
      if (stack.length >= MAX_DEPTH) return cells;
      const parent = top();
      const role = roleOf(parent, c === 123);
      if (role === 'cell') cells.push({ kind: '', strings: [] });
      stack.push({ object: c === 123, role, key: '', expectKey: c === 123 });
      i++;
    } else if (c === 125 || c === 93) {
      stack.pop();
      afterValue();
      i++;
    } else if (c === 44) {
      const f = top();
      if (f?.object) f.expectKey = true;
      i++;
    } else if (c === 34) {
      const end = stringEnd(raw, i + 1);
      const f = top();
      if (f?.object && f.expectKey) {
        f.key = decodeJsonString(raw, i + 1, end);
        f.expectKey = false;
      } else {
        onString(f, cells, raw, i + 1, end);
        afterValue();
      }
      i = end + 1;
    } else {
      i++;
    }
  }
  return cells;
}

function roleOf(parent: Frame | undefined, object: boolean): Role {
  if (!parent) return object ? 'root' : 'other';
  if (!parent.object) return parent.role === 'cells' && object ? 'cell' : 'other';
  if (parent.key === 'cells' && !object) return 'cells';
  if (parent.role === 'cell' && (parent.key === 'source' || parent.key === 'input') && !object) return 'source';
  return 'other';
}

function onString(f: Frame | undefined, cells: NotebookCell[], raw: string, start: number, end: number): void {
  const cell = cells[cells.length - 1];
  if (!f || !cell) return;
  if (f.role === 'source') cell.strings.push({ text: decodeJsonString(raw, start, end), rawStart: start });
  else if (f.role === 'cell' && (f.key === 'source' || f.key === 'input')) cell.strings.push({ text: decodeJsonString(raw, start, end), rawStart: start });
  else if (f.role === 'cell' && f.key === 'cell_type') cell.kind = decodeJsonString(raw, start, end);
}

/** Offset of the closing quote of a JSON string whose body starts at `from` (or the text length). */
function stringEnd(raw: string, from: number): number {
  let j = from;
  for (;;) {
    const q = raw.indexOf('"', j);
    if (q < 0) return raw.length;
    let slashes = 0;
    for (let p = q - 1; p >= from && raw.charCodeAt(p) === 92; p--) slashes++;
    if (slashes % 2 === 0) return q;
    j = q + 1;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

function decodeJsonString(raw: string, start: number, end: number): string {
  const body = raw.slice(start, end);
  if (!body.includes('\\')) return body;
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) =>
    e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e));
}

/** Offset in the raw file of decoded character `k` of the string whose body starts at `rawStart`. */
export function rawOffsetOf(raw: string, rawStart: number, k: number): number {
  let p = rawStart;
  for (let d = 0; d < k && p < raw.length; d++) {
    if (raw.charCodeAt(p) !== 92) p++;
    else p += raw.charCodeAt(p + 1) === 117 ? 6 : 2;
  }
  return p;
}

/** The code cells of a notebook joined into one Python text, with each line's line in the file. */
export interface NotebookSource {
  /** Code cells joined; each cell ends with a newline; IPython magics (`%`, `!`) are turned into comments. */
  text: string;
  /** Boundaries of the cells in `text`, so each can be lexed on its own. */
  cellStarts: number[];
  /** 0-based line in the notebook file of each 0-based line of `text`. */
  lineMap: number[];
  /** Where each source string starts in `text`, for mapping columns back. */
  pieces: { offset: number; piece: CellString }[];
}

/** Builds the joined Python source of a notebook's code cells (markdown and raw cells left out). */
export function notebookSource(raw: string, cells: NotebookCell[], kinds: readonly string[] = ['code']): NotebookSource {
  const rawLines = new LineIndex(raw);
  const parts: string[] = [];
  const lineMap: number[] = [];
  const cellStarts: number[] = [];
  const pieces: NotebookSource['pieces'] = [];
  let offset = 0;
  for (const cell of cells) {
    if (!kinds.includes(cell.kind || 'code') || cell.strings.length === 0) continue;
    cellStarts.push(offset);
    let atLineStart = true;
    for (const piece of cell.strings) {
      pieces.push({ offset, piece });
      const line = rawLines.lineOf(piece.rawStart);
      const text = piece.text;
      for (let k = 0; k < text.length; ) {
        if (atLineStart) lineMap.push(line);
        const nl = text.indexOf('\n', k);
        atLineStart = nl >= 0;
        k = nl < 0 ? text.length : nl + 1;
      }
      parts.push(text);
      offset += text.length;
    }
    if (!atLineStart) {
      parts.push('\n');
      offset += 1;
    }
  }
  const text = parts.join('').replace(/^([ \t]*)[%!]/gm, '$1#');
  return { text, cellStarts, lineMap, pieces };
}

/** Lexes each cell on its own, so an unterminated string in one cell cannot swallow the next. */
export function lexCells(src: NotebookSource, comments?: Span[]): Int32Array {
  const all: number[] = [];
  src.cellStarts.forEach((start, k) => {
    const end = src.cellStarts[k + 1] ?? src.text.length;
    const cellComments: Span[] | undefined = comments ? [] : undefined;
    const spans = lexSpans(src.text.slice(start, end), 'python', cellComments);
    for (const v of spans) all.push(v + start);
    for (const c of cellComments ?? []) comments?.push({ start: c.start + start, end: c.end + start });
  });
  return Int32Array.from(all);
}
