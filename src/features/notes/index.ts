import * as vscode from 'vscode';
import { annotationCountLabel } from '../../core/notes/display';
import { exportNotes } from '../../core/notes/export';
import { defaultTitle, type NotesFile } from '../../core/notes/model';
import { insertReferenceHandler } from '../paper-references/insert-reference';
import type { Services } from '../../services/services';
import { resolvePaperArg } from '../shared-paper-arg';

/** Notes without a selection, export, and linking code to a section. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('paperLens.addNote', async (paperArg?: unknown, sectionArg?: unknown, bodyArg?: unknown) => {
      const paper = await resolvePaperArg(services, paperArg, 'Add Note');
      if (!paper) return undefined;
      let section = typeof sectionArg === 'string' ? sectionArg : undefined;
      if (section && !paper.sections.some((s) => s.id === section)) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: "{0}" has no section "{1}".', paper.meta.shortTitle, section));
        return undefined;
      }
      // From an editor title bar the second argument is the editor's context, not a section.
      if (typeof sectionArg !== 'string' && bodyArg === undefined) {
        const pick = await vscode.window.showQuickPick([{ label: 'Whole paper', id: '' }, ...paper.sections.map((s) => ({ label: s.title, id: s.id }))], { title: vscode.l10n.t('Add Note — {0}', paper.meta.shortTitle), placeHolder: vscode.l10n.t('A note on the whole paper or on a section') });
        if (!pick) return undefined;
        section = pick.id || undefined;
      }
      const body = typeof bodyArg === 'string' ? bodyArg : await vscode.window.showInputBox({ title: vscode.l10n.t('Add Note — {0}', paper.meta.shortTitle), prompt: vscode.l10n.t('Markdown; $math$ works'), ignoreFocusOut: true });
      if (body === undefined) return undefined;
      const sectionTitle = paper.sections.find((s) => s.id === section)?.title;
      const created = await services.notes.add(paper.meta.id, { kind: 'note', body, target: { section }, title: sectionTitle ? defaultTitle({ kind: 'note', target: { section } }, sectionTitle) : undefined });
      return created?.id;
    }),

    vscode.commands.registerCommand('paperLens.editTags', async (paperArg?: unknown, tagsArg?: unknown) => {
      const paper = await resolvePaperArg(services, paperArg, 'Edit Tags');
      if (!paper) return undefined;
      const current = (await services.notes.get(paper.meta.id)).file.tags;
      const input = Array.isArray(tagsArg) ? tagsArg.filter((t): t is string => typeof t === 'string').join(',')
        : await vscode.window.showInputBox({ title: vscode.l10n.t('Tags — {0}', paper.meta.shortTitle), prompt: vscode.l10n.t('Comma-separated tags, kept in the paper’s notes file'), value: current.join(', ') });
      if (input === undefined) return undefined;
      const ok = await services.notes.setTags(paper.meta.id, input.split(','));
      return ok ? (await services.notes.get(paper.meta.id)).file.tags : undefined;
    }),

    vscode.commands.registerCommand('paperLens.exportNotes', async (scope?: unknown, target?: unknown) => {
      const catalog = await services.library.catalog();
      let ids: string[];
      if (scope === 'all') ids = await services.notes.papersWithNotes();
      else if (typeof scope === 'string') ids = catalog.get(scope) ? [scope] : [];
      else {
        // Only papers that have something to export.
        const withNotes = new Set(await services.notes.papersWithNotes());
        const papers = [];
        for (const p of catalog.all()) {
          if (!withNotes.has(p.meta.id)) continue;
          const { file } = await services.notes.get(p.meta.id);
          const count = annotationCountLabel(file.annotations);
          if (count || file.tags.length || file.preamble?.trim()) papers.push({ label: p.meta.title, description: count ?? (file.tags.length ? 'tags only' : 'notes'), id: p.meta.id });
        }
        if (!papers.length) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Paper Lens: there are no notes to export yet. Select a passage in a summary to highlight it or add a note.'));
          return undefined;
        }
        const pick = await vscode.window.showQuickPick([{ label: 'All papers with notes', description: `${papers.length}`, id: 'all' }, ...papers], { title: vscode.l10n.t('Export Notes') });
        if (!pick) return undefined;
        ids = pick.id === 'all' ? await services.notes.papersWithNotes() : [pick.id];
      }
      const entries: { paper: NonNullable<ReturnType<typeof catalog.get>>; notes: NotesFile }[] = [];
      for (const id of ids) {
        const paper = catalog.get(id);
        if (paper) entries.push({ paper, notes: (await services.notes.get(id)).file });
      }
      const text = exportNotes(entries, new Date().toISOString().slice(0, 10));
      let uri = target instanceof vscode.Uri ? target : typeof target === 'string' ? vscode.Uri.file(target) : undefined;
      if (!uri) {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        uri = await vscode.window.showSaveDialog({ title: vscode.l10n.t('Export Notes'), defaultUri: folder ? vscode.Uri.joinPath(folder, 'paper-lens-notes.md') : undefined, filters: { Markdown: ['md'] } });
        if (!uri) return undefined;
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
        await vscode.window.showTextDocument(uri);
      } else {
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      }
      return uri.toString();
    }),

    vscode.commands.registerCommand('paperLens.linkSelectionToSection', insertReferenceHandler(services, {
      title: vscode.l10n.t('Link Selection to Section'),
      requireSection: true,
      noEditorMessage: 'select some code first, then link it to a paper section.',
    })),
  );
}
