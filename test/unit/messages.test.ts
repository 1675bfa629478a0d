import { describe, expect, it } from 'vitest';
import { isForPaper, MAX_QUOTE, parseFromWebview, parseToWebview } from '../../src/shared/messages';

describe('webview messages', () => {
  it('accepts the known messages from the webview', () => {
    expect(parseFromWebview({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseFromWebview({ type: 'openPaper', paperId: 'dora', section: 'lora-recap' })).toEqual({ type: 'openPaper', paperId: 'dora', section: 'lora-recap' });
    expect(parseFromWebview({ type: 'openLink', href: 'https://arxiv.org/abs/2402.09353' })).toMatchObject({ type: 'openLink' });
  });

  it.each([
    null, 'ready', [], { type: 'runCommand', command: 'workbench.action.quit' }, { type: 'openPaper' },
    { type: 'openPaper', paperId: '../../etc' }, { type: 'openPaper', paperId: 'dora', section: 'Bad Id' },
    { type: 'openLink', href: '' }, { type: 'scrolled', paperId: 'dora', scrollY: -1 }, { type: 'scrolled', paperId: 'dora', scrollY: 'x' }, { type: 'openLink', href: 'x'.repeat(5000) }, { type: 'openLink', href: 42 },
  ])('ignores malformed message %j', (raw) => {
    expect(parseFromWebview(raw)).toBeUndefined();
  });

  it('validates messages to the webview too', () => {
    expect(parseToWebview({ type: 'revealSection', section: 'replay' })).toEqual({ type: 'revealSection', section: 'replay' });
    expect(parseToWebview({ type: 'showPaper', paper: { html: 1 } })).toBeUndefined();
    expect(parseToWebview({ type: 'eval', code: 'x' })).toBeUndefined();
  });

  const paper = { id: 'dora', title: 'DoRA', shortTitle: 'DoRA', authors: ['A'], organization: '', arxiv: '2402.09353', published: '2024-02', topics: ['peft'], related: [], toc: [{ id: 'idea', title: 'Idea', depth: 2 }], html: '<h2 id="pl-idea">Idea</h2>' };
  const item = { id: 'a1b2c3d4', kind: 'highlight', color: 'yellow', section: 'idea', quote: { exact: 'x', prefix: '', suffix: '' }, title: 'Idea — highlight', bodyHtml: '' };

  it('validates messages to the webview deeply, not just their type', () => {
    expect(parseToWebview({ type: 'showPaper', paper })).toEqual({ type: 'showPaper', paper });
    expect(parseToWebview({ type: 'showPaper', paper: { ...paper, toc: [{ id: 'idea' }] } })).toBeUndefined();
    expect(parseToWebview({ type: 'showPaper', paper: { ...paper, authors: 'A' } })).toBeUndefined();
    expect(parseToWebview({ type: 'annotations', paperId: 'dora', items: [item] })).toEqual({ type: 'annotations', paperId: 'dora', items: [item] });
    expect(parseToWebview({ type: 'annotations', paperId: 'dora', items: [{ ...item, kind: 'script' }] })).toBeUndefined();
    expect(parseToWebview({ type: 'annotations', paperId: 'dora', items: [{ ...item, bodyHtml: 7 }] })).toBeUndefined();
    expect(parseToWebview({ type: 'revealSection', section: 'replay', highlight: ['x'.repeat(101)] })).toBeUndefined();
  });

  it('drops keys the schema does not know', () => {
    expect(parseFromWebview({ type: 'ready', extra: '<script>' })).toEqual({ type: 'ready' });
  });

  it('takes quotes up to the limit and no longer', () => {
    const quote = (n: number) => ({ exact: 'a'.repeat(n), prefix: '', suffix: '' });
    expect(MAX_QUOTE).toBe(5000);
    expect(parseFromWebview({ type: 'annotate', paperId: 'dora', kind: 'highlight', section: 'idea', quote: quote(5000) })).toBeDefined();
    expect(parseFromWebview({ type: 'annotate', paperId: 'dora', kind: 'highlight', section: 'idea', quote: quote(5001) })).toBeUndefined();
    expect(parseFromWebview({ type: 'annotate', paperId: 'dora', kind: 'highlight', quote: { exact: 'a', prefix: 1, suffix: '' } })).toBeUndefined();
  });

  it('recolor takes a palette color only', () => {
    expect(parseFromWebview({ type: 'recolorAnnotation', paperId: 'dora', id: 'a1b2c3d4', color: 'green' })).toEqual({ type: 'recolorAnnotation', paperId: 'dora', id: 'a1b2c3d4', color: 'green' });
    expect(parseFromWebview({ type: 'recolorAnnotation', paperId: 'dora', id: 'a1b2c3d4', color: 'red' })).toBeUndefined();
    expect(parseFromWebview({ type: 'annotate', paperId: 'dora', kind: 'highlight', color: 'url(x)' })).toBeUndefined();
  });

  it('edit, delete and annotate act only on the paper the panel shows', () => {
    for (const type of ['editAnnotation', 'deleteAnnotation'] as const) {
      const message = parseFromWebview({ type, paperId: 'mixtral', id: 'a1b2c3d4' });
      expect(message).toBeDefined();
      expect(isForPaper(message!, 'dora')).toBe(false);
      expect(isForPaper(message!, 'mixtral')).toBe(true);
    }
    expect(isForPaper(parseFromWebview({ type: 'annotate', paperId: 'mixtral', kind: 'note' })!, 'dora')).toBe(false);
    expect(isForPaper(parseFromWebview({ type: 'scrolled', paperId: 'mixtral', scrollY: 3 })!, 'dora')).toBe(false);
    // Links to another paper are how the webview opens it.
    expect(isForPaper(parseFromWebview({ type: 'openPaper', paperId: 'mixtral' })!, 'dora')).toBe(true);
    expect(isForPaper(parseFromWebview({ type: 'ready' })!, undefined)).toBe(true);
  });
});
