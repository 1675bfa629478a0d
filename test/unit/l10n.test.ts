// Every user-facing string of the manifest is in package.nls.json, and every message, title, prompt and
// placeholder in the VS Code layer goes through vscode.l10n.t with its English text in the l10n bundle.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module without types
import { check } from '../tools/l10n.mjs';

describe('localization', () => {
  it('leaves no user-facing string outside package.nls.json and the l10n bundle', () => {
    expect(check()).toEqual([]);
  });
});
