/**
 * Finding a quoted passage again after the summary changed, in the spirit of the W3C Web Annotation
 * TextQuoteSelector: the exact text plus a little context on each side. An exact occurrence wins when its
 * context agrees; otherwise a bounded fuzzy search scores windows by how well the quote, prefix and suffix
 * match. Everything here is linear in the text length (plus a cost that depends only on the quote length),
 * with no backtracking regexes, so a 10,000-word summary anchors in milliseconds.
 */
import type { AnnotationTarget, TextQuoteSelector } from './model';

/** Where a quote was found. */
export interface QuoteMatch {
  start: number;
  end: number;
  /** `true` when the text at `start..end` is exactly the quoted text. */
  exact: boolean;
  /** 0–1: how well quote, prefix and suffix agree with the text there. */
  score: number;
}

/** Tuning for {@link anchorQuote}. */
export interface AnchorOptions {
  /** Where the passage was last seen: a slight preference, which mostly breaks ties between equal matches. */
  hint?: number;
  /** Lowest similarity (0–1) of the quote itself for a fuzzy match. Default 0.7. */
  minQuoteSimilarity?: number;
  /** Lowest combined score (0–1) for a fuzzy match. Default 0.65. */
  minScore?: number;
}

/** Default number of characters of context kept on each side of a quote. */
export const QUOTE_CONTEXT = 32;

// Context beyond this many characters adds cost without telling places apart any better.
const MAX_CONTEXT = 64;
// Quotes longer than this are matched fuzzily by their first and last part, which keeps the cost bounded.
const MAX_FUZZY_QUOTE = 400;
const LONG_QUOTE_PART = 200;
const MAX_CANDIDATES = 5;
// Quotes shorter than this occur by chance; they need their context to agree.
const SHORT_QUOTE = 16;
const WEIGHT = { quote: 50, prefix: 20, suffix: 20, hint: 2 };

/**
 * Describes `text.slice(start, end)` as a quote with up to `context` characters on each side. Context
 * boundaries never split a surrogate pair.
 */
export function describeQuote(text: string, start: number, end: number, context = QUOTE_CONTEXT): TextQuoteSelector {
  const s = clamp(Math.min(start, end), 0, text.length);
  const e = clamp(Math.max(start, end), 0, text.length);
  let from = Math.max(0, s - Math.max(0, context));
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from++;
  let to = Math.min(text.length, e + Math.max(0, context));
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to--;
  return { exact: text.slice(s, e), prefix: text.slice(Math.min(from, s), s), suffix: text.slice(e, Math.max(to, e)) };
}

/**
 * Finds the passage `selector` describes in `text`. Returns `undefined` when it is gone (the annotation is
 * then detached, never dropped). Exact occurrences are told apart by their context and win unless a fuzzy
 * match fits its context clearly better; a quote under 16 characters that occurs more than once needs
 * its context to agree. Fuzzy matches are accepted only above the similarity thresholds.
 */
export function anchorQuote(text: string, selector: TextQuoteSelector, options: AnchorOptions = {}): QuoteMatch | undefined {
  const exact = selector.exact;
  if (!exact) return undefined;
  const q: Query = {
    text,
    exact,
    prefix: (selector.prefix ?? '').slice(-MAX_CONTEXT),
    suffix: (selector.suffix ?? '').slice(0, MAX_CONTEXT),
    hint: options.hint,
  };
  const minQuote = options.minQuoteSimilarity ?? 0.7;
  const minScore = options.minScore ?? 0.65;

  let best = bestExact(q);
  // An exact occurrence whose context mostly agrees cannot be beaten by a fuzzy one.
  if (best && best.score >= 0.8) return { start: best.start, end: best.end, exact: true, score: best.score };
  if (best && exact.length < SHORT_QUOTE && !best.unique && contextSimilarity(q, best.start, best.end) < 0.5) best = undefined;

  const fuzzy = exact.length > MAX_FUZZY_QUOTE ? fuzzyLong(q, minQuote, minScore) : fuzzyFind(q, minQuote, minScore);
  if (best && (!fuzzy || fuzzy.score <= best.score + 0.1)) return { start: best.start, end: best.end, exact: true, score: best.score };
  return fuzzy;
}

/** A section of text to anchor in, as {@link PaperSection} has it. */
export interface AnchorSection {
  id: string;
  text: string;
}

/** Where an annotation lands in the current summary. */
export type AnchorResult =
  | { status: 'paper' }
  | { status: 'section'; section: string }
  | { status: 'anchored'; section: string; start: number; end: number; exact: boolean; score: number }
  | { status: 'detached'; reason: 'section-gone' | 'quote-gone' };

/**
 * Places an annotation target in the current sections of a summary: its own section first, then the rest
 * (the passage may have moved, or its heading been renamed, which changes the slug). Whole-paper and
 * whole-section targets need no search; a target whose passage or section is gone is `detached`.
 */
export function anchorAnnotation(target: AnnotationTarget, sections: readonly AnchorSection[], options: AnchorOptions = {}): AnchorResult {
  const own = target.section !== undefined ? sections.find((s) => s.id === target.section) : undefined;
  if (!target.quote) {
    if (target.section === undefined) return { status: 'paper' };
    return own ? { status: 'section', section: own.id } : { status: 'detached', reason: 'section-gone' };
  }
  let found: { section: string; match: QuoteMatch } | undefined;
  if (own) {
    const match = anchorQuote(own.text, target.quote, options);
    if (match) found = { section: own.id, match };
  }
  if (!found?.match.exact) {
    // The section is stale, or the passage left it: any other section may hold it now.
    for (const s of sections) {
      if (s === own) continue;
      const match = anchorQuote(s.text, target.quote, { ...options, hint: undefined });
      if (match && (!found || match.score > found.match.score)) found = { section: s.id, match };
    }
  }
  if (!found) return { status: 'detached', reason: 'quote-gone' };
  const { start, end, exact, score } = found.match;
  return { status: 'anchored', section: found.section, start, end, exact, score };
}

interface Query {
  text: string;
  exact: string;
  prefix: string;
  suffix: string;
  hint?: number;
}

function bestExact(q: Query): (QuoteMatch & { unique: boolean }) | undefined {
  const { text, exact, prefix, suffix } = q;
  const m = exact.length;
  // Rank every occurrence cheaply by how much context matches verbatim, then score the leaders properly.
  const top: { start: number; key: number }[] = [];
  let count = 0;
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) {
    count++;
    const key = commonSuffix(prefix, text, i) + commonPrefix(suffix, text, i + m) - hintDistance(q, i) * 1e-9;
    if (top.length < MAX_CANDIDATES) top.push({ start: i, key });
    else {
      let worst = 0;
      for (let k = 1; k < top.length; k++) if (top[k].key < top[worst].key) worst = k;
      if (key > top[worst].key) top[worst] = { start: i, key };
    }
  }
  let best: (QuoteMatch & { unique: boolean }) | undefined;
  for (const { start } of top) {
    const score = scoreAt(q, start, start + m, 1);
    if (!best || score > best.score || (score === best.score && hintDistance(q, start) < hintDistance(q, best.start))) best = { start, end: start + m, exact: true, score, unique: count === 1 };
  }
  return best;
}

function fuzzyFind(q: Query, minQuote: number, minScore: number): QuoteMatch | undefined {
  const { text, exact, prefix, suffix } = q;
  const m = exact.length;
  const pattern = prefix + exact + suffix;
  const { starts, spread } = candidateStarts(text, pattern);
  let best: QuoteMatch | undefined;
  const slack = Math.ceil(pattern.length * (1 - minQuote)) + spread + 8;
  for (const d of starts) {
    const from = clamp(d - slack, 0, text.length);
    const to = clamp(d + pattern.length + slack, 0, text.length);
    if (to <= from) continue;
    const hit = alignInWindow(pattern, prefix.length, prefix.length + m, text, from, to, d + prefix.length);
    if (hit.end <= hit.start) continue;
    const quoteSim = 1 - hit.quoteErrors / m;
    if (quoteSim < minQuote) continue;
    const score = scoreAt(q, hit.start, hit.end, quoteSim);
    if (score < minScore) continue;
    // A short quote that is not verbatim is only believable where its context still agrees.
    if (m < SHORT_QUOTE && contextSimilarity(q, hit.start, hit.end) < 0.5) continue;
    const exactHere = text.slice(hit.start, hit.end) === exact;
    if (!best || score > best.score) best = { start: hit.start, end: hit.end, exact: exactHere, score };
  }
  return best;
}

/** Very long quotes: anchor their beginning (with the prefix) and end (with the suffix) separately. */
function fuzzyLong(q: Query, minQuote: number, minScore: number): QuoteMatch | undefined {
  const m = q.exact.length;
  const head = fuzzyFind({ ...q, exact: q.exact.slice(0, LONG_QUOTE_PART), suffix: '' }, minQuote, minScore);
  const tail = fuzzyFind({ ...q, exact: q.exact.slice(-LONG_QUOTE_PART), prefix: '' }, minQuote, minScore);
  if (!head || !tail || tail.end <= head.start) return undefined;
  const length = tail.end - head.start;
  if (length < m * 0.5 || length > m * 1.5) return undefined;
  const lengthSim = 1 - Math.abs(length - m) / m;
  return { start: head.start, end: tail.end, exact: false, score: Math.min(head.score, tail.score) * lengthSim };
}

/**
 * Likely start positions of `pattern` in `text`: every q-gram shared by both votes for the diagonal
 * (text position minus pattern position) it implies. Grams that are common in the text carry little
 * information and are skipped, which bounds the votes by the pattern length.
 */
function candidateStarts(text: string, pattern: string): { starts: number[]; spread: number } {
  const m = pattern.length;
  const gram = m >= 64 ? 4 : 3;
  const spread = Math.max(8, Math.ceil(m / 8));
  if (m < gram || text.length < gram) return { starts: [0], spread: Math.max(spread, text.length) };

  const offsets = new Map<number, number[]>();
  for (let j = 0; j + gram <= m; j++) {
    const h = gramHash(pattern, j, gram);
    const list = offsets.get(h);
    if (!list) offsets.set(h, [j]);
    else if (list.length < 8) list.push(j);
  }
  const counts = new Map<number, number>();
  for (let p = 0; p + gram <= text.length; p++) {
    const h = gramHash(text, p, gram);
    if (offsets.has(h)) counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  let rarest = Infinity;
  for (const c of counts.values()) rarest = Math.min(rarest, c);
  const cap = Math.max(64, rarest);

  const votes = new Map<number, { n: number; sum: number }>();
  for (let p = 0; p + gram <= text.length; p++) {
    const h = gramHash(text, p, gram);
    const list = offsets.get(h);
    if (!list || (counts.get(h) ?? 0) > cap) continue;
    for (const j of list) {
      const d = p - j;
      const b = Math.floor(d / spread);
      const v = votes.get(b);
      if (v) {
        v.n++;
        v.sum += d;
      } else votes.set(b, { n: 1, sum: d });
    }
  }
  const ranked = [...votes.entries()]
    .map(([b, v]) => ({ b, n: v.n + (votes.get(b - 1)?.n ?? 0) + (votes.get(b + 1)?.n ?? 0), at: Math.round(v.sum / v.n) }))
    .sort((x, y) => y.n - x.n);
  const starts: number[] = [];
  const taken = new Set<number>();
  for (const r of ranked) {
    if (starts.length >= MAX_CANDIDATES) break;
    if (taken.has(r.b)) continue;
    taken.add(r.b - 1).add(r.b).add(r.b + 1);
    starts.push(r.at);
  }
  return { starts, spread };
}

function gramHash(s: string, at: number, gram: number): number {
  let h = 0;
  for (let k = 0; k < gram; k++) h = (Math.imul(h, 0x01000193) ^ s.charCodeAt(at + k)) | 0;
  return h;
}

/**
 * Aligns the whole `pattern` (prefix + quote + suffix) with its best-matching substring of `text[from, to)`
 * by edit distance (Sellers' algorithm: the window may start and end anywhere), and reports where the
 * quote part, `pattern[p0, p1)`, landed and how many edits fell inside it. Aligning the context too pins
 * both ends of a reworded quote. O(pattern × window) time, O(window) memory.
 */
function alignInWindow(pattern: string, p0: number, p1: number, text: string, from: number, to: number, predicted: number): { start: number; end: number; quoteErrors: number } {
  const n = pattern.length;
  const w = to - from;
  // Per column: edit distance, and for the best path into the cell, where it crossed rows p0 and p1
  // (column and distance there).
  let pD = new Int32Array(w + 1), cD = new Int32Array(w + 1);
  let pA = new Int32Array(w + 1), cA = new Int32Array(w + 1);
  let pDA = new Int32Array(w + 1), cDA = new Int32Array(w + 1);
  let pB = new Int32Array(w + 1), cB = new Int32Array(w + 1);
  let pDB = new Int32Array(w + 1), cDB = new Int32Array(w + 1);
  if (p0 === 0) for (let j = 0; j <= w; j++) pA[j] = j;
  for (let i = 1; i <= n; i++) {
    const pc = pattern.charCodeAt(i - 1);
    cD[0] = i;
    cA[0] = i === p0 ? 0 : pA[0];
    cDA[0] = i === p0 ? i : pDA[0];
    cB[0] = i === p1 ? 0 : pB[0];
    cDB[0] = i === p1 ? i : pDB[0];
    for (let j = 1; j <= w; j++) {
      // Ties prefer the diagonal, then skipping a pattern character, then skipping a text character.
      let d = pD[j - 1] + (text.charCodeAt(from + j - 1) === pc ? 0 : 1);
      let src = 0;
      if (pD[j] + 1 < d) {
        d = pD[j] + 1;
        src = 1;
      }
      if (cD[j - 1] + 1 < d) {
        d = cD[j - 1] + 1;
        src = 2;
      }
      const k = src === 1 ? j : j - 1;
      const fromCur = src === 2;
      cD[j] = d;
      cA[j] = fromCur ? cA[k] : pA[k];
      cDA[j] = fromCur ? cDA[k] : pDA[k];
      cB[j] = fromCur ? cB[k] : pB[k];
      cDB[j] = fromCur ? cDB[k] : pDB[k];
      // Text skipped right before the quote counts as context; text skipped right after it, too.
      if (i === p0) {
        cA[j] = j;
        cDA[j] = d;
      }
      if (i === p1 && !fromCur) {
        cB[j] = j;
        cDB[j] = d;
      }
    }
    [pD, cD] = [cD, pD];
    [pA, cA] = [cA, pA];
    [pDA, cDA] = [cDA, pDA];
    [pB, cB] = [cB, pB];
    [pDB, cDB] = [cDB, pDB];
  }
  let best = 0;
  for (let j = 1; j <= w; j++) {
    if (pD[j] < pD[best] || (pD[j] === pD[best] && Math.abs(from + pA[j] - predicted) < Math.abs(from + pA[best] - predicted))) best = j;
  }
  return { start: from + pA[best], end: from + pB[best], quoteErrors: pDB[best] - pDA[best] };
}

function scoreAt(q: Query, start: number, end: number, quoteSim: number): number {
  let total = WEIGHT.quote * quoteSim;
  let weight = WEIGHT.quote;
  if (q.prefix) {
    total += WEIGHT.prefix * similarity(q.prefix, q.text.slice(Math.max(0, start - q.prefix.length), start));
    weight += WEIGHT.prefix;
  }
  if (q.suffix) {
    total += WEIGHT.suffix * similarity(q.suffix, q.text.slice(end, end + q.suffix.length));
    weight += WEIGHT.suffix;
  }
  if (q.hint !== undefined && q.text.length > 0) {
    total += WEIGHT.hint * (1 - Math.min(1, hintDistance(q, start) / q.text.length));
    weight += WEIGHT.hint;
  }
  return total / weight;
}

/** Mean similarity of the prefix and suffix at a match; 1 when the selector has no context. */
function contextSimilarity(q: Query, start: number, end: number): number {
  const parts: number[] = [];
  if (q.prefix) parts.push(similarity(q.prefix, q.text.slice(Math.max(0, start - q.prefix.length), start)));
  if (q.suffix) parts.push(similarity(q.suffix, q.text.slice(end, end + q.suffix.length)));
  return parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : 1;
}

/** 1 − normalized Levenshtein distance; both inputs are at most {@link MAX_CONTEXT} long here. */
function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - levenshtein(a, b) / longest;
}

function levenshtein(a: string, b: string): number {
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ac = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j - 1] + (ac === b.charCodeAt(j - 1) ? 0 : 1), prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Length of the longest suffix of `context` that ends `text` at `at`. */
function commonSuffix(context: string, text: string, at: number): number {
  let n = 0;
  while (n < context.length && n < at && context.charCodeAt(context.length - 1 - n) === text.charCodeAt(at - 1 - n)) n++;
  return n;
}

/** Length of the longest prefix of `context` that starts `text` at `at`. */
function commonPrefix(context: string, text: string, at: number): number {
  let n = 0;
  while (n < context.length && at + n < text.length && context.charCodeAt(n) === text.charCodeAt(at + n)) n++;
  return n;
}

function hintDistance(q: Query, start: number): number {
  return q.hint === undefined ? 0 : Math.abs(start - q.hint);
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Number.isFinite(n) ? Math.trunc(n) : lo));
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
