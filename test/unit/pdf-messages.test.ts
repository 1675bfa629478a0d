import { describe, expect, it } from 'vitest';
import { parseFromPdfWebview } from '../../src/shared/pdf-messages';

const annotate = { type: 'annotate', kind: 'highlight', color: 'green', page: 3, section: 'method', position: { start: 10, end: 42 }, quote: { exact: 'the update', prefix: 'We apply ', suffix: ' to W.' } };

describe('PDF reader messages', () => {
  it('accepts what the reader sends', () => {
    expect(parseFromPdfWebview({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseFromPdfWebview(annotate)).toEqual(annotate);
    expect(parseFromPdfWebview({ type: 'deleteAnnotation', id: 'a1b2c3d4' })).toEqual({ type: 'deleteAnnotation', id: 'a1b2c3d4' });
    expect(parseFromPdfWebview({ type: 'openLink', href: 'mailto:a@b.c' })).toEqual({ type: 'openLink', href: 'mailto:a@b.c' });
  });

  it.each([
    null, [], 'ready', { type: 'runCommand', command: 'workbench.action.quit' },
    { ...annotate, kind: 'script' }, { ...annotate, page: 0 }, { ...annotate, page: 2.5 }, { ...annotate, color: 'red; x' },
    { ...annotate, section: '../../etc' }, { ...annotate, position: { start: 9, end: 3 } }, { ...annotate, position: { start: -1, end: 3 } },
    { ...annotate, quote: { exact: '', prefix: '', suffix: '' } }, { ...annotate, quote: { exact: 'x'.repeat(5001), prefix: '', suffix: '' } },
    { type: 'openLink', href: '' }, { type: 'openLink', href: 'x'.repeat(2049) }, { type: 'failed', message: 7 },
    { type: 'editAnnotation', id: 'Bad Id' }, { type: 'opened', pages: 0, sections: [] }, { type: 'opened', pages: 3, sections: 'x' },
  ])('ignores malformed message %j', (raw) => {
    expect(parseFromPdfWebview(raw)).toBeUndefined();
  });

  it('keeps the good entries of an outline and drops the rest, and a bad page number only loses the page', () => {
    const sections = [
      { id: 'intro', title: 'Introduction', depth: 0, page: 1 },
      { id: 'Bad Id', title: 'x', depth: 0 },
      { id: 'method', title: 'Method', depth: 1, page: -4 },
      { id: 'deep', title: 'Too deep', depth: 65 },
    ];
    expect(parseFromPdfWebview({ type: 'opened', pages: 9, sections })).toEqual({
      type: 'opened', pages: 9, sections: [{ id: 'intro', title: 'Introduction', depth: 0, page: 1 }, { id: 'method', title: 'Method', depth: 1 }],
    });
    const many = Array.from({ length: 6000 }, (_, i) => ({ id: `s${i}`, title: `S${i}`, depth: 0 }));
    const parsed = parseFromPdfWebview({ type: 'opened', pages: 9, sections: many });
    expect(parsed?.type === 'opened' && parsed.sections.length).toBe(5000);
  });

  it('drops keys the schema does not know', () => {
    expect(parseFromPdfWebview({ ...annotate, onclick: 'alert(1)', quote: { ...annotate.quote, html: '<script>' } })).toEqual(annotate);
  });
});
