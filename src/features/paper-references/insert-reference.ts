import * as vscode from 'vscode';
import { referenceLine } from '../../core/lens/comment-syntax';
import type { Services } from '../../services/services';
import { pickPaper } from '../shared-paper-arg';

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
    if (!section && (paperArg === undefined || options.requireSection)) {
      const sections = paper.sections.map((s) => ({ label: s.title, description: s.id, id: s.id }));
      const pick = await vscode.window.showQuickPick(options.requireSection ? sections : [{ label: 'Whole paper', description: '', id: '' }, ...sections], {
        title: vscode.l10n.t('{0} › {1}', options.title, paper.meta.shortTitle),
        placeHolder: options.requireSection ? 'The section this code implements' : 'Link to a section, or to the whole paper',
      });
      if (!pick) return false;
      section = pick.id || undefined;
    }
    if (section && !catalog.section(paper.meta.id, section)) {
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
