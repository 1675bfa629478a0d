#!/usr/bin/env node
// Checks that a bundled summary is written in its own words and does not follow the source article
// (../shared/papers/SOURCE-ARTICLE.txt, which never enters the repository). Two measures:
//
// (a) Shared runs. Both texts are lower-cased, apostrophes dropped, and split into words at every character
//     that is not a letter or digit ("mixture-of-experts" is three words). Every run of RUN_LIMIT (8) or more
//     consecutive summary words that also occurs, in the same order, in the article is a finding. Runs never
//     cross a sentence, list item, table cell, math, code span or quotation of a technical term. Excepted,
//     by masking them out of the summary before matching (a masked word breaks any run through it):
//       - paper titles: every `title:`/`shortTitle:` in media/papers/*.md, plus OTHER_TITLES (the article's own
//         title and Raschka's DoRA article); a masked title is also left out of the measure (b);
//       - quoted technical terms: text in backticks or double quotes of at most TERM_WORDS (6) words.
//         Longer quotations are checked like any other text, so quoting the article at length is still caught.
//
// (b) Paraphrase score. Each summary sentence and each article sentence becomes a sequence of content words:
//     the words of (a) minus English stopwords, each cut to a crude stem (plural, -ing, -ed, -ly, -ity … endings
//     removed, so "decomposing"/"decomposes" meet). Long sentences are cut into windows of WINDOW (12)
//     consecutive content words (a shorter sentence is one window), so a copied clause inside a long compound
//     sentence is not diluted by the rest. The score of a summary sentence is the highest content-word Jaccard
//     index |S ∩ A| / |S ∪ A| between one of its windows and a window of any single article sentence.
//     "In order" is the longest common subsequence of the two sentences' content words: how many shared ideas
//     come in the article sentence's order. A sentence is flagged as a paraphrase when at least MIN_SHARED (4)
//     content words are shared and
//       score >= JACCARD_LIMIT (0.25) with at least ORDERED_MIN (4) of them in order, or
//       score >= JACCARD_ORDERED (0.2) with at least ORDERED_RUN (5) in order.
//     Calibration (issue 12's five examples, old wording, scored against the article sentence each paraphrases):
//       lora-learns-less "well suited to instruction tuning but falls behind …"   score 0.41, ordered 8
//       dora "… without being forced to inflate the magnitude"                    score 0.29, ordered 8
//       continual-pretraining "tested it rigorously in a detailed report of 24 pages"  score 0.28, ordered 5
//       dpo-vs-ppo "PPO usually comes out ahead of DPO …"                         score 0.25, ordered 4
//       mixtral "activating only part of the parameters keeps cost down …"        score 0.21, ordered 5
//     A plain Jaccard threshold low enough for the last one (0.2) also flags sentences that share nothing but
//     technical vocabulary ("LoRA", "full fine-tuning", "reward model", "PPO"): in the old summaries about forty
//     such sentences score 0.2–0.25, and short ones sharing four terms reach 0.27 ("Reward-based RLHF trains a
//     reward model and then optimizes the policy against it with PPO", 3 in order). Terms alone seldom keep the
//     article's order, so the order requirement separates the two groups. MIN_SHARED keeps headings and table
//     cells from scoring high on two or three common terms. The synthetic cases in
//     test/unit/originality.test.ts pin both sides.
//
// `node test/tools/check-originality.mjs [id…]` prints, per summary, the longest shared run, the highest
// score and each offending sentence; it exits 1 when any summary has a finding, 2 when the article is absent.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTICLE_PATH = join(root, '../shared/papers/SOURCE-ARTICLE.txt');
export const RUN_LIMIT = 8;
export const TERM_WORDS = 6;
export const JACCARD_LIMIT = 0.25;
export const MIN_SHARED = 4;
export const WINDOW = 12;
export const JACCARD_ORDERED = 0.2;
export const ORDERED_RUN = 5;
export const ORDERED_MIN = 4;

const STOPWORDS = new Set(`a about above after again against all almost also although always am among an and another any are
around as at be because been before being below between both but by can could did do does doing done down during each
either even ever every few for from further get gets getting give given gives had has have having he her here hers him his
how however i if in into is it its itself just least less let like made make makes many may me might more most much must
my neither no nor not now of off often on once one only onto or other others our ours out over own per quite rather really
same seem seems she should since so some still such than that the their theirs them themselves then there these they this
those though through thus to too toward towards under until up upon us very via was we well were what when where whether
which while who whom whose why will with within without would yet you your yours itself way ways thing things something
instead across along already enough else here's it's that's there's what's let's don't doesn't isn't aren't can't won't`.split(/\s+/));

/** Lower-cased words; apostrophes vanish so "Raschka's" and "Raschkas" agree, every other non-alphanumeric splits. */
export function words(text) {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/['’‘]/g, '').split(/[^a-z0-9]+/).filter(Boolean);
}

/** A crude suffix-stripping stem: enough to make inflections of one word meet, not a linguistic stemmer. */
export function stem(w) {
  if (w.length <= 3 || /^\d/.test(w)) return w;
  for (const [suf, rep] of [['ational', 'ate'], ['ization', 'ize'], ['fulness', 'ful'], ['iveness', 'ive'], ['ousness', 'ous'], ['ements', ''], ['ement', ''], ['ments', ''], ['ment', ''], ['ities', ''], ['ity', ''], ['ously', 'ous'], ['ingly', ''], ['edly', ''], ['ing', ''], ['ies', 'y'], ['ied', 'y'], ['sses', 'ss'], ['ed', ''], ['es', ''], ['ly', ''], ['s', '']]) {
    if (w.endsWith(suf) && w.length - suf.length >= 3) {
      const s = w.slice(0, w.length - suf.length) + rep;
      // "decompos-ing" and "decompos-e" should meet: drop a trailing e and undouble a final consonant.
      return s.replace(/e$/, '').replace(/([bdfgklmnprt])\1$/, '$1');
    }
  }
  return w.replace(/e$/, '');
}

/** Content-word stems of a sentence in order (stopwords removed). */
export function contentWords(text) {
  return words(text).filter((w) => !STOPWORDS.has(w) && w.length > 1).map(stem);
}

/** Content-word stems of a sentence as a set. */
export function contentSet(text) {
  return new Set(contentWords(text));
}

/** Sets of WINDOW consecutive content words; a sentence no longer than that is a single window. */
function windows(seq) {
  if (seq.length <= WINDOW) return [new Set(seq)];
  const out = [];
  for (let i = 0; i + WINDOW <= seq.length; i++) out.push(new Set(seq.slice(i, i + WINDOW)));
  return out;
}

/** Length of the longest common subsequence of two word sequences. */
export function orderedOverlap(a, b) {
  const row = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(row[j], row[j - 1]);
      diag = up;
    }
  }
  return row[b.length];
}

/** Splits prose into sentences: at . ! ? followed by a space and an upper-case letter, a quote or a digit, and at line breaks. */
export function sentences(text) {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?]["”’)]?)\s+(?=["“(]?[A-Z0-9$`*])/))
    .map((s) => s.trim())
    .filter((s) => words(s).length > 0);
}

const BREAK = '\u0000';

/**
 * The summary's visible prose as sentences, with math, code blocks and link targets removed and the excepted
 * spans (paper titles, short quoted terms) replaced by a run-breaking marker. Front matter contributes its gist.
 */
export function summarySentences(markdown, titles = []) {
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  const gist = fm ? (/^gist:\s*"?(.*?)"?\s*$/m.exec(fm[1])?.[1] ?? '') : '';
  let body = `${gist}\n\n${fm ? markdown.slice(fm[0].length) : markdown}`;
  body = body
    .replace(/```[\s\S]*?```/g, `\n`)
    .replace(/\$\$[\s\S]*?\$\$/g, `\n`)
    .replace(/\$[^$\n]+\$/g, ` ${BREAK} `)
    .replace(/\{#[a-z0-9-]+\}/g, '')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/^\s*#{1,6}\s*/gm, '')
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/gm, '\n')
    .replace(/\|/g, '\n');
  // Quoted technical terms and titles: short quotations and backtick spans are masked whole.
  body = body.replace(/`([^`\n]*)`|"([^"\n]*)"|“([^”\n]*)”/g, (m, a, b, c) => (words(a ?? b ?? c).length <= TERM_WORDS ? ` ${BREAK} ` : m));
  return sentences(body).map((raw) => {
    let masked = raw;
    for (const t of titles) masked = maskPhrase(masked, t);
    return { text: raw.replace(new RegExp(BREAK, 'g'), '…').replace(/\s+/g, ' ').trim(), masked };
  });
}

/** Replaces every occurrence of `phrase` (compared word by word, case-insensitively) in `text` with the marker. */
function maskPhrase(text, phrase) {
  const pw = words(phrase);
  if (pw.length < 2) return text;
  const pattern = new RegExp(pw.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join("[^a-z0-9]+"), 'gi');
  return text.replace(pattern, ` ${BREAK} `);
}

/** Precomputed article structures: its sentences with their content words, and its normalized word stream. */
export function prepareArticle(articleText) {
  const sents = sentences(articleText).map((text) => {
    const seq = contentWords(text);
    return { text, seq, wins: windows(seq) };
  });
  // Lines joined with a marker word that no summary word equals, so a run cannot span two paragraphs.
  const text = ` ${articleText.split(/\n+/).map((line) => words(line).join(' ')).join(' \u0001 ')} `;
  return { sents, text };
}

/**
 * Runs of summary words, within one masked sentence, that occur verbatim in the article: the runs of RUN_LIMIT or
 * more words (overlapping matches merged) and the length of the longest shared run of any length.
 */
function sharedRuns(masked, art) {
  const runs = [];
  let longest = 0;
  for (const segment of masked.split(BREAK)) {
    const w = words(segment);
    const covered = new Array(w.length).fill(false);
    for (let i = 0; i < w.length; i++) {
      let j = i;
      while (j < w.length && art.text.includes(` ${w.slice(i, j + 1).join(' ')} `)) j++;
      longest = Math.max(longest, j - i);
      if (j - i >= RUN_LIMIT) for (let k = i; k < j; k++) covered[k] = true;
    }
    for (let i = 0; i < w.length; ) {
      if (!covered[i]) { i++; continue; }
      let j = i;
      while (j < w.length && covered[j]) j++;
      runs.push(w.slice(i, j).join(' '));
      i = j;
    }
  }
  return { runs, longest };
}

/** Jaccard index of two sets. */
export function jaccard(a, b) {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return { score: union ? inter / union : 0, shared: inter };
}

/** The article sentence closest to a summary sentence: best window Jaccard (ties: more shared words), its ordered overlap. */
function bestMatch(seq, sents) {
  const mine = windows(seq);
  let best = { score: 0, shared: 0, ordered: 0, text: '' };
  for (const a of sents) {
    let top = { score: 0, shared: 0 };
    for (const x of mine) for (const y of a.wins) {
      const j = jaccard(x, y);
      if (j.shared >= MIN_SHARED && (j.score > top.score || (j.score === top.score && j.shared > top.shared))) top = j;
    }
    if (top.score > best.score) best = { ...top, ordered: orderedOverlap(seq, a.seq), text: a.text };
  }
  return best;
}

/**
 * Checks one summary against the article. Returns the longest shared run (in words), the highest paraphrase
 * score, and the findings: each sentence with a shared run of RUN_LIMIT+ words or a paraphrase score at or above
 * JACCARD_LIMIT (with at least MIN_SHARED shared content words), together with the article sentence it matches.
 * `article` is the text or the result of prepareArticle; `titles` are the phrases excepted from run matching.
 */
export function checkOriginality(markdown, article, titles = []) {
  const art = typeof article === 'string' ? prepareArticle(article) : article;
  let maxRun = 0;
  let maxScore = 0;
  const findings = [];
  for (const s of summarySentences(markdown, titles)) {
    const { runs, longest } = sharedRuns(s.masked, art);
    maxRun = Math.max(maxRun, longest);
    const seq = contentWords(s.masked.replace(new RegExp(BREAK, 'g'), ' '));
    const best = bestMatch(seq, art.sents);
    if (best.shared >= MIN_SHARED) maxScore = Math.max(maxScore, best.score);
    const paraphrase = best.shared >= MIN_SHARED && ((best.score >= JACCARD_LIMIT && best.ordered >= ORDERED_MIN) || (best.score >= JACCARD_ORDERED && best.ordered >= ORDERED_RUN));
    if (longest >= RUN_LIMIT || paraphrase) {
      findings.push({ sentence: s.text, runs, score: best.score, shared: best.shared, ordered: best.ordered, articleSentence: best.text, paraphrase });
    }
  }
  return { maxRun, maxScore, findings };
}

/** Titles of works other than the twelve papers that summaries cite by name: the article and Raschka's DoRA article. */
export const OTHER_TITLES = ['Noteworthy AI Research Papers of 2024', 'Improving LoRA: Implementing Weight-Decomposed Low-Rank Adaptation (DoRA) from Scratch'];

/** Titles excepted from run matching: every summary's title and short title, and OTHER_TITLES. */
export function readTitles() {
  const dir = join(root, 'media/papers');
  const titles = [...OTHER_TITLES];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const key of ['title', 'shortTitle']) {
      const m = new RegExp(`^${key}:\\s*"?(.*?)"?\\s*$`, 'm').exec(text);
      if (m) titles.push(m[1]);
    }
  }
  // Longest first, so a title is masked before a shorter one contained in it.
  return titles.sort((a, b) => b.length - a.length);
}

function main() {
  if (!existsSync(ARTICLE_PATH)) {
    console.log(`skipped: ${ARTICLE_PATH} is not present (the article is kept outside the repository)`);
    process.exit(2);
  }
  const article = prepareArticle(readFileSync(ARTICLE_PATH, 'utf8'));
  const titles = readTitles();
  const dir = join(root, 'media/papers');
  const only = process.argv.slice(2);
  let failures = 0;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.md')).sort()) {
    if (only.length && !only.some((o) => f === `${o}.md` || f === o)) continue;
    const r = checkOriginality(readFileSync(join(dir, f), 'utf8'), article, titles);
    const flagged = r.findings.length;
    console.log(`${f}: longest shared run ${r.maxRun} words, highest Jaccard ${r.maxScore.toFixed(2)}, ${flagged} flagged sentence(s)${flagged ? '' : ' OK'}`);
    for (const x of r.findings) {
      const why = [x.runs.length ? `run: "${x.runs.join('" / "')}"` : '', x.paraphrase ? `Jaccard ${x.score.toFixed(2)} (${x.shared} shared, ${x.ordered} in order) vs: ${x.articleSentence}` : ''].filter(Boolean).join('; ');
      console.log(`  - ${x.sentence}\n      ${why}`);
    }
    if (flagged) failures++;
  }
  process.exit(failures ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
