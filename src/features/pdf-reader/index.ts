import * as vscode from 'vscode';
import { parsePdfFragment } from '../../core/pdf/pdf-location';
import type { PdfTarget } from '../../shared/pdf-messages';
import type { Services } from '../../services/services';
import { PDF_VIEW_TYPE, PdfReaderEditor } from './pdf-reader-editor';

/** The open PDF readers, one per tab; the owner of "which reader shows which file". */
export class PdfReaders {
  private readonly _editors = new Set<PdfReaderEditor>();
  private readonly _targets = new Map<string, PdfTarget>();

  constructor(private readonly _services: Services) {}

  /** The custom editor provider VS Code calls for `*.pdf` when the user picks Paper Lens. */
  provider(): vscode.CustomReadonlyEditorProvider {
    return {
      openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
      resolveCustomEditor: (document, panel) => {
        const key = document.uri.toString();
        const target = this._targets.get(key);
        this._targets.delete(key);
        this._editors.add(new PdfReaderEditor(document.uri, panel, this._services, target, (e) => this._editors.delete(e)));
      },
    };
  }

  /** Opens a PDF in the reader (or focuses it) and goes to `target`. */
  async open(uri: vscode.Uri, target?: PdfTarget): Promise<void> {
    const existing = [...this._editors].find((e) => e.uri.toString() === uri.toString());
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (target) existing.reveal(target);
      return;
    }
    if (target) this._targets.set(uri.toString(), target);
    await vscode.commands.executeCommand('vscode.openWith', uri, PDF_VIEW_TYPE);
  }

  /** The paper id of the reader in the active tab. */
  get activePaperId(): string | undefined {
    return [...this._editors].find((e) => e.panel.active)?.paperId;
  }

  dispose(): void {
    for (const e of [...this._editors]) e.dispose();
  }
}

/**
 * The PDF reader: a custom editor for `*.pdf` offered with "Open With…" (priority `option`, so it never
 * takes over another PDF viewer), and `paperLens.openPdf` for commands and `paper:<id>#page=7` links.
 */
export function register(context: vscode.ExtensionContext, services: Services): PdfReaders {
  const readers = new PdfReaders(services);
  context.subscriptions.push(
    readers,
    vscode.window.registerCustomEditorProvider(PDF_VIEW_TYPE, readers.provider(), { supportsMultipleEditorsPerDocument: false }),
    vscode.commands.registerCommand('paperLens.openPdf', async (arg?: unknown, fragment?: unknown) => {
      let uri: vscode.Uri | undefined;
      let paperId: string | undefined;
      if (arg instanceof vscode.Uri) uri = arg;
      else if (typeof arg === 'string' && /^[a-z0-9][a-z0-9-]{0,63}$/.test(arg)) {
        paperId = arg;
        uri = await services.pdfPapers.pdfOf(arg);
        if (!uri) {
          void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: paper "{0}" has no PDF. Add "pdf: <path>" to its front matter, or open the PDF once with Open With… › Paper Lens PDF Reader.', arg));
          return undefined;
        }
      } else if (typeof arg === 'string') {
        uri = vscode.Uri.file(arg);
      } else {
        const picked = await vscode.window.showOpenDialog({ title: vscode.l10n.t('Open PDF in Paper Lens'), filters: { PDF: ['pdf'] }, canSelectMany: false });
        uri = picked?.[0];
      }
      if (!uri) return undefined;
      const location = typeof fragment === 'string' ? parsePdfFragment(fragment) : undefined;
      const target: PdfTarget | undefined = typeof fragment === 'object' && fragment !== null && 'annotation' in fragment && typeof (fragment as { annotation: unknown }).annotation === 'string'
        ? { annotation: (fragment as { annotation: string }).annotation }
        : location;
      await readers.open(uri, target);
      return paperId ?? (await services.pdfPapers.paperIdFor(uri));
    }),
  );
  return readers;
}
