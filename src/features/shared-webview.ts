import * as vscode from 'vscode';

/**
 * Opens a link a webview asked for through `openExternal`, which asks the user first for untrusted domains;
 * a scheme outside `schemes` is refused with `refused(scheme)`, and nothing else opens.
 */
export async function openExternalLink(href: string, schemes: readonly string[], refused: (scheme: string) => string): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    void vscode.window.showWarningMessage(vscode.l10n.t('Paper Lens: "{0}" is not a valid link.', href.slice(0, 200)));
    return;
  }
  if (!schemes.includes(uri.scheme)) {
    void vscode.window.showWarningMessage(refused(uri.scheme));
    return;
  }
  await vscode.env.openExternal(uri);
}
