import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anchorAnnotation, anchorQuote, describeQuote } from '../../../src/core/notes/anchor';

const SUMMARY = [
  'Low-rank adaptation freezes the pretrained weights and learns a small update BA for each adapted matrix.',
  'DoRA splits each pretrained weight into a magnitude vector and a direction, and trains the direction with LoRA.',
  'The magnitude is a separate trainable vector with one entry per output column.',
  'In the experiments, DoRA matches or beats LoRA at the same rank on commonsense reasoning and visual instruction tuning.',
  'The authors argue that the learning pattern of DoRA is closer to full fine-tuning than the pattern of LoRA.',
].join('\n');

const select = (text: string, passage: string): [number, number] => {
  const start = text.indexOf(passage);
  if (start < 0) throw new Error(`not in text: ${passage}`);
  return [start, start + passage.length];
};

describe('describeQuote', () => {
  it('keeps the passage and up to `context` characters on each side', () => {
    const [s, e] = select(SUMMARY, 'a magnitude vector');
    const q = describeQuote(SUMMARY, s, e, 10);
    expect(q).toEqual({ exact: 'a magnitude vector', prefix: 'ight into ', suffix: ' and a dir' });
    expect(describeQuote('abc', 0, 3)).toEqual({ exact: 'abc', prefix: '', suffix: '' });
    expect(describeQuote('abcdef', 4, 2, 1)).toEqual({ exact: 'cd', prefix: 'b', suffix: 'e' });
  });

  it('never splits a surrogate pair at a context boundary', () => {
    const text = 'x😀y target z😀w';
    const [s, e] = select(text, 'target');
    const q = describeQuote(text, s, e, 3);
    expect(q.prefix).toBe('y ');
    expect(q.suffix).toBe(' z');
    expect(q.prefix + q.exact + q.suffix).toBe(JSON.parse(JSON.stringify(q.prefix + q.exact + q.suffix)));
  });
});

describe('anchorQuote: exact matches', () => {
  it('finds an unchanged passage', () => {
    const [s, e] = select(SUMMARY, 'learning pattern of DoRA');
    expect(anchorQuote(SUMMARY, describeQuote(SUMMARY, s, e))).toMatchObject({ start: s, end: e, exact: true });
  });

  it('tells repeated passages apart by their prefix and suffix', () => {
    const text = 'LoRA is cheap. We fine-tune with LoRA here. Then LoRA again there. And LoRA at the end.';
    for (const passage of ['LoRA here', 'LoRA again', 'LoRA at the end']) {
      const [s] = select(text, passage);
      const q = describeQuote(text, s, s + 4, 8);
      expect(anchorQuote(text, q)).toMatchObject({ start: s, end: s + 4, exact: true });
    }
  });

  it('uses the position hint only to break exact ties', () => {
    const text = 'same same same same';
    expect(anchorQuote(text, { exact: 'same', prefix: '', suffix: '' }, { hint: 10 })).toMatchObject({ start: 10 });
    expect(anchorQuote(text, { exact: 'same', prefix: '', suffix: '' })).toMatchObject({ start: 0 });
  });

  it('survives insertions before the passage', () => {
    const [s, e] = select(SUMMARY, 'one entry per output column');
    const q = describeQuote(SUMMARY, s, e);
    const edited = 'A new opening paragraph, added when the summary was revised.\n\n' + SUMMARY.replace('DoRA splits', 'In short, DoRA splits');
    const m = anchorQuote(edited, q)!;
    expect(edited.slice(m.start, m.end)).toBe('one entry per output column');
    expect(m.exact).toBe(true);
  });

  it('survives rewording around the passage, and prefers the occurrence whose context still fits', () => {
    const text = 'We compare adapters. The magnitude is trained separately here. Elsewhere the magnitude is trained separately too, they say.';
    const [s, e] = select(text, 'the magnitude is trained separately too');
    const q = describeQuote(text, s, e - 4);
    const edited = text.replace('Elsewhere', 'In other work,').replace(', they say', ' (see §3)');
    const m = anchorQuote(edited, q)!;
    expect(m.start).toBe(edited.indexOf('the magnitude is trained separately too'));
    expect(m.exact).toBe(true);
  });
});

describe('anchorQuote: fuzzy matches and detached passages', () => {
  it('re-finds a passage whose own words were lightly edited', () => {
    const [s, e] = select(SUMMARY, 'DoRA matches or beats LoRA at the same rank on commonsense reasoning');
    const q = describeQuote(SUMMARY, s, e);
    const edited = SUMMARY.replace('DoRA matches or beats LoRA at the same rank', 'DoRA matches or outperforms LoRA at an equal rank');
    const m = anchorQuote(edited, q)!;
    expect(m.exact).toBe(false);
    expect(edited.slice(m.start, m.end)).toBe('DoRA matches or outperforms LoRA at an equal rank on commonsense reasoning');
  });

  it('re-finds a passage after a typo fix and a changed line break', () => {
    const text = 'Intro line.\nThe router picks the top two experts\nfor every token at every layer.\nOutro.';
    const [s, e] = select(text, 'The router picks the top two experts\nfor every token');
    const q = describeQuote(text, s, e);
    const edited = 'Intro line, expanded.\nThe router picks the top-2 experts for every token at every layer.\nOutro.';
    const m = anchorQuote(edited, q)!;
    expect(edited.slice(m.start, m.end)).toBe('The router picks the top-2 experts for every token');
  });

  it('reports a deleted passage as gone instead of guessing', () => {
    const [s, e] = select(SUMMARY, 'The magnitude is a separate trainable vector with one entry per output column.');
    const q = describeQuote(SUMMARY, s, e);
    const edited = SUMMARY.replace('The magnitude is a separate trainable vector with one entry per output column.\n', '');
    expect(anchorQuote(edited, q)).toBeUndefined();
    expect(anchorQuote('', q)).toBeUndefined();
    expect(anchorQuote(SUMMARY, { exact: '', prefix: 'x', suffix: 'y' })).toBeUndefined();
  });

  it('does not anchor a short quote to a lookalike with unrelated context', () => {
    const text = 'Results on GSM8K improve with more samples.';
    expect(anchorQuote(text, { exact: 'GSM9K', prefix: 'the table for ', suffix: ' shows nothing' })).toBeUndefined();
    expect(anchorQuote(text, { exact: 'GSM9K', prefix: 'Results on ', suffix: ' improve with' })).toMatchObject({ start: 11, end: 16, exact: false });
  });

  it('handles very long quotes by their beginning and end', () => {
    const words = Array.from({ length: 600 }, (_, i) => `w${(i * 7919) % 1000}`).join(' ');
    const text = `Start. ${words} End.`;
    const [s, e] = select(text, words);
    const q = describeQuote(text, s, e);
    const edited = `Start, revised. ${words.replace('w7919', 'changed').replace(/w5\d\d /, 'x ')} End.`;
    const m = anchorQuote(edited, q)!;
    expect(m).toBeDefined();
    expect(m.start).toBe(edited.indexOf(words.slice(0, 20)));
    expect(m.end).toBe(edited.indexOf(' End.'));
  });
});

describe('anchorQuote: properties', () => {
  const wordsArb = fc.array(fc.constantFrom('the', 'model', 'rank', 'LoRA', 'DoRA', 'expert', 'token', 'weights', 'of', 'a', 'is', 'learns', 'less', 'and'), { minLength: 5, maxLength: 200 }).map((w) => w.join(' '));

  it('always finds a just-described passage exactly (same text, same context)', () => {
    fc.assert(
      fc.property(wordsArb, fc.nat(), fc.nat(), (text, a, b) => {
        const s = a % text.length;
        const e = s + 1 + (b % Math.min(60, text.length - s));
        const q = describeQuote(text, s, e);
        const m = anchorQuote(text, q)!;
        expect(m.exact).toBe(true);
        expect(text.slice(m.start, m.end)).toBe(q.exact);
        // Only an identical passage with identical context could win instead.
        expect(describeQuote(text, m.start, m.end)).toEqual(q);
      }),
      { numRuns: 300 },
    );
  });

  it('follows the passage when text is inserted before it', () => {
    fc.assert(
      fc.property(wordsArb, fc.nat(), fc.string({ minLength: 1, maxLength: 80 }), (text, a, inserted) => {
        const s = a % Math.max(1, text.length - 20);
        const e = Math.min(text.length, s + 20);
        const q = describeQuote(text, s, e);
        const edited = inserted + text;
        const m = anchorQuote(edited, q)!;
        expect(edited.slice(m.start, m.end)).toBe(q.exact);
      }),
      { numRuns: 300 },
    );
  });
});

describe('anchorQuote: cost', () => {
  // A deterministic 10,000-word summary.
  let seed = 42;
  const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const vocab = 'the a of model rank adapter weight token expert router layer matrix update learning rate data scaling loss reward policy preference'.split(' ');
  const big = Array.from({ length: 10_000 }, () => vocab[Math.floor(rand() * vocab.length)]).join(' ');

  it('anchors fuzzily in a 10,000-word text in well under a second', () => {
    const s = 30_000;
    const q = describeQuote(big, s, s + 120);
    const edited = big.slice(0, s + 40) + 'EDITED' + big.slice(s + 46);
    const started = performance.now();
    const m = anchorQuote(edited, q)!;
    const elapsed = performance.now() - started;
    expect(m.exact).toBe(false);
    expect(Math.abs(m.start - s)).toBeLessThan(3);
    expect(elapsed).toBeLessThan(500);
  });

  it('stays fast on degenerate repetitive text', () => {
    const text = 'a'.repeat(60_000);
    const started = performance.now();
    anchorQuote(text, { exact: 'a'.repeat(300) + 'b', prefix: 'a'.repeat(32), suffix: 'a'.repeat(32) });
    anchorQuote(text, { exact: 'b'.repeat(50), prefix: '', suffix: '' });
    anchorQuote(text, { exact: 'ab'.repeat(2000), prefix: '', suffix: '' });
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('anchorAnnotation', () => {
  const sections = [
    { id: 'method', text: 'DoRA splits each pretrained weight into a magnitude vector and a direction.' },
    { id: 'results', text: 'DoRA beats LoRA at the same rank on commonsense reasoning.' },
  ];

  it('places whole-paper and whole-section notes without a search', () => {
    expect(anchorAnnotation({}, sections)).toEqual({ status: 'paper' });
    expect(anchorAnnotation({ section: 'results' }, sections)).toEqual({ status: 'section', section: 'results' });
    expect(anchorAnnotation({ section: 'appendix' }, sections)).toEqual({ status: 'detached', reason: 'section-gone' });
  });

  it('anchors in the own section, and follows a passage whose section was renamed', () => {
    const quote = describeQuote(sections[0].text, 21, 38);
    expect(anchorAnnotation({ section: 'method', quote }, sections)).toMatchObject({ status: 'anchored', section: 'method', start: 21, end: 38, exact: true });
    const renamed = [{ id: 'how-dora-works', text: sections[0].text }, sections[1]];
    expect(anchorAnnotation({ section: 'method', quote }, renamed)).toMatchObject({ status: 'anchored', section: 'how-dora-works', start: 21 });
  });

  it('keeps an annotation whose passage is gone, as detached', () => {
    const quote = { exact: 'a magnitude vector and a direction', prefix: 'weight into ', suffix: '.' };
    const rewritten = [{ id: 'method', text: 'The method is explained in the appendix.' }, sections[1]];
    expect(anchorAnnotation({ section: 'method', quote }, rewritten)).toEqual({ status: 'detached', reason: 'quote-gone' });
  });
});
