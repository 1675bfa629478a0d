import * as vscode from 'vscode';
import { referenceLine } from '../../core/lens/comment-syntax';
import type { Services } from '../../services/services';
import { pickPaper } from '../shared-paper-arg';
import { type OutlineSection, parsePdfFragment } from '../../core/pdf/pdf-location';
import { resolvePdfPlace } from '../../core/pdf/pdf-outline';

interface SectionPick extends vscode.QuickPickItem {
  id: string;
}

/** How an insert-reference command asks and what it accepts. */
export interface InsertReferenceOptions {
  title: string;
  /** "Link Selection to Section" needs a section; "Insert Paper Reference" may link the whole paper. */
  requireSection: boolean;
  noEditorMessage: string;
}

/**
 * A command handler that writes a `paper:<id>#<section>` comment above the current line (or selection), in
 * the file's comment syntax. With arguments it asks nothing; bad arguments give a message and `false`.
 */
export function insertReferenceHandler(services: Services, options: InsertReferenceOptions) {
  return async (paperArg?: unknown, sectionArg?: unknown): Promise<boolean> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Paper Lens: {0}', options.noEditorMessage));
      return false;
    }
    const catalog = await services.library.catalog();
    const paper = typeof paperArg === 'string' ? catalog.get(paperArg) : await pickPaper(services, options.title);
    if (!paper) {
      if (typeof paperArg === 'string') void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: there is no paper "{0}".', paperArg));
      return false;
    }
    let section = typeof sectionArg === 'string' ? sectionArg : undefined;
    // A user paper's PDF outline, read once (in a worker thread) and only when this paper needs it.
    let outline: Promise<{ pages: number; sections: OutlineSection[] } | undefined> | undefined;
    const pdfOutline = (): Promise<{ pages: number; sections: OutlineSection[] } | undefined> => (outline ??= paper.collection
      ? Promise.resolve(undefined)
      : services.pdfOutlines.ofPaper(paper.meta.id).then((found) => (found?.outline.ok ? found.outline : undefined)));
    if (!section && (paperArg === undefined || options.requireSection)) {
      const summary: SectionPick[] = paper.sections.map((s) => ({ label: s.title, description: s.id, id: s.id }));
      const head: SectionPick[] = options.requireSection ? [] : [{ label: vscode.l10n.t('Whole paper'), description: '', id: '' }];
      // The list appears at once (busy) and fills in when the PDF's outline has been read.
      const items = pdfOutline().then((pdf): SectionPick[] => {
        const summaryIds = new Set(paper.sections.map((s) => s.id));
        const pdfItems = (pdf?.sections ?? []).filter((s) => s.page && !summaryIds.has(s.id) && parsePdfFragment(s.id)).map((s): SectionPick => ({
          label: s.title,
          description: s.page ? vscode.l10n.t('{0} · p. {1}', s.id, s.page) : s.id,
          id: s.id,
        }));
        if (!pdfItems.length) return [...head, ...summary];
        const separator = (label: string): SectionPick => ({ label, kind: vscode.QuickPickItemKind.Separator, id: '' });
        return [...head, ...(summary.length ? [separator(vscode.l10n.t('Summary')), ...summary] : []), separator(vscode.l10n.t('PDF outline')), ...pdfItems];
      });
      const pick = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('{0} › {1}', options.title, paper.meta.shortTitle),
        placeHolder: options.requireSection ? vscode.l10n.t('The section this code implements') : vscode.l10n.t('Link to a section, or to the whole paper'),
        matchOnDescription: true,
      });
      if (!pick) return false;
      section = pick.id || undefined;
    }
    const inPdf = section && !catalog.section(paper.meta.id, section) && !paper.collection && (await services.pdfOutlines.hasPdf(paper.meta.id))
      ? resolvePdfPlace(section, await pdfOutline())
      : undefined;
    if (inPdf?.ok) section = 'page' in inPdf.target ? `page=${inPdf.target.page}` : inPdf.target.section;
    else if (section && !catalog.section(paper.meta.id, section)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: "{0}" has no section "{1}".', paper.meta.shortTitle, section));
      return false;
    }
    // The reference goes above the line or selection as a comment, so the link travels with the code.
    const line = editor.document.lineAt(editor.selection.start.line);
    const text = referenceLine(editor.document.languageId, line.text, paper.meta.id, section);
    if (text === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Paper Lens: {0} files cannot hold comments, so a paper reference cannot be written here.', editor.document.languageId.toUpperCase()));
      return false;
    }
    return editor.edit((edit) => edit.insert(line.range.start, text));
  };
}
