import * as vscode from 'vscode';

type MarkdownModule = typeof import('../core/markdown/index');

let loaded: MarkdownModule | undefined;

/**
 * Loads the Markdown pipeline bundle (`dist/markdown.js`) on first use. remark, rehype and KaTeX are a large
 * share of the extension's code: keeping them out of `extension.js` keeps activation cheap.
 */
export async function loadMarkdown(extensionUri: vscode.Uri): Promise<MarkdownModule> {
  if (!loaded) {
    const path = vscode.Uri.joinPath(extensionUri, 'dist', 'markdown.js').fsPath;
    // A computed path, so esbuild leaves the module out of the extension bundle.
    loaded = require(path) as MarkdownModule;
  }
  return loaded;
}

/** Whether the pipeline has been loaded in this extension host (the tests check activation leaves it alone). */
export function isMarkdownLoaded(): boolean {
  return loaded !== undefined;
}
