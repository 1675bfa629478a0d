import { describe, expect, it } from 'vitest';
import { parseFromWebview, parseToWebview } from '../../src/shared/messages';

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
});
