import * as vscode from 'vscode';
import { matchesWords } from '../../core/search/match';
import type { NoteDoc, PaperSearch } from '../../core/search/paper-search';
import { loadLazy } from '../../services/lazy-loader';
import type { Services } from '../../services/services';
import { paperIdOf, pickPaper } from '../shared-paper-arg';

interface SectionPick extends vscode.QuickPickItem {
  paperId: string;
  sectionId: string;
  highlight?: string[];
  annotationId?: string;
}

/** Open Paper…, Go to Section… and Search Papers…: the Command Palette ways into the library. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const searchIndex = async (): Promise<PaperSearch> => {
    // Built per search: the summaries plus the user's notes as they are now (a few hundred documents).
    const catalog = await services.library.catalog();
    const notes: NoteDoc[] = [];
    for (const paperId of await services.notes.papersWithNotes()) {
      const paperTitle = catalog.get(paperId)?.meta.shortTitle ?? paperId;
      const { file } = await services.notes.get(paperId);
      if (file.tags.length) notes.push({ paperId, paperTitle, annotationId: '', label: 'Your tags', text: file.tags.join(' ') });
      for (const a of file.annotations) {
        notes.push({ paperId, paperTitle, annotationId: a.id, sectionId: a.target.section, text: `${a.target.quote?.exact ?? ''}\n${a.body}` });
      }
    }
    return new (loadLazy(services.extensionUri).PaperSearch)(catalog.all(), notes);
  };

  const open = async (paperId: string, section?: string, highlight?: string[], annotation?: string): Promise<string | undefined> => {
    const catalog = await services.library.catalog();
    if (!catalog.get(paperId)) {
      const hints = catalog.suggest(paperId);
      void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: there is no paper "{0}".{1}', paperId, hints.length ? ` Did you mean ${hints.join(', ')}?` : ''));
      return undefined;
    }
    if (section && !catalog.section(paperId, section)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Paper Lens: “{0}” has no section "{1}"; opening the summary at the top.', catalog.get(paperId)?.meta.shortTitle ?? paperId, section));
      section = undefined;
    }
    const panel = await services.summaries.createOrShow(paperId, { section, highlight, annotation });
    return panel.paperId;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('paperLens.openPaper', async (paperId?: unknown, section?: unknown, annotation?: unknown) => {
      // The page's assets are read while the user picks (once per window).
      services.summaries.prepare();
      // The tree's context menu passes its node; the palette and links pass an id.
      const given = paperIdOf(paperId);
      if (paperId !== undefined && !given) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: Open Paper needs a paper id.'));
        return undefined;
      }
      const id = given ?? (await pickPaper(services, 'Open Paper'))?.meta.id;
      return id ? open(id, typeof section === 'string' ? section : undefined, undefined, typeof annotation === 'string' ? annotation : undefined) : undefined;
    }),

    vscode.commands.registerCommand('paperLens.goToSection', async () => {
      const catalog = await services.library.catalog();
      const quickPick = vscode.window.createQuickPick<SectionPick>();
      quickPick.title = vscode.l10n.t('Go to Section');
      quickPick.placeholder = vscode.l10n.t('Type a paper or section name');
      quickPick.matchOnDescription = true;
      // Our own matching: "load balancing" finds "load-balancing" (VS Code's filter would not).
      const update = (value: string): void => {
        const items: SectionPick[] = [];
        for (const p of catalog.all()) {
          const sections = p.sections.filter((s) => matchesWords(`${p.meta.shortTitle} ${p.meta.title} ${s.title}`, value));
          if (!sections.length) continue;
          items.push({ label: p.meta.shortTitle, kind: vscode.QuickPickItemKind.Separator, paperId: '', sectionId: '' });
          for (const s of sections) {
            items.push({ label: `${p.meta.shortTitle} › ${s.title}`, description: s.depth > 2 ? 'subsection' : undefined, paperId: p.meta.id, sectionId: s.id, alwaysShow: true });
          }
        }
        quickPick.items = items.length ? items : [{ label: `No section matches “${value.trim()}”`, paperId: '', sectionId: '', alwaysShow: true }];
      };
      update('');
      const pick = await new Promise<SectionPick | undefined>((resolve) => {
        quickPick.onDidChangeValue(update);
        quickPick.onDidAccept(() => {
          // As in Open Paper…: an Enter faster than the list takes the best match for what was typed.
          const selected = quickPick.selectedItems[0];
          const current = quickPick.items.filter((i) => i.paperId);
          resolve(selected && current.some((i) => i.paperId === selected.paperId && i.sectionId === selected.sectionId) ? selected : current[0]);
        });
        quickPick.onDidHide(() => resolve(undefined));
        quickPick.show();
      });
      quickPick.dispose();
      return pick?.paperId ? open(pick.paperId, pick.sectionId) : undefined;
    }),

    vscode.commands.registerCommand('paperLens.searchPapers', async (query?: unknown) => {
      const index = await searchIndex();
      const quickPick = vscode.window.createQuickPick<SectionPick>();
      quickPick.title = vscode.l10n.t('Search Papers');
      quickPick.placeholder = vscode.l10n.t('Search the text of every summary, e.g. re-warming, load balancing, rank');
      quickPick.matchOnDetail = false;
      const update = (value: string): void => {
        // Ranking is MiniSearch's (BM25); alwaysShow keeps VS Code from filtering our ranked list again.
        const hits = index.search(value, 40);
        if (value.trim() && !hits.length) {
          quickPick.items = [{ label: `$(search-stop) No results for “${value.trim()}”`, detail: 'Try fewer or shorter words; the search covers every summary and your notes.', alwaysShow: true, paperId: '', sectionId: '' }];
          return;
        }
        quickPick.items = hits.map((hit) => ({
          label: `${hit.annotationId ? '$(comment) ' : ''}${hit.paperTitle} › ${hit.sectionTitle}`,
          annotationId: hit.annotationId,
          detail: hit.snippet,
          alwaysShow: true,
          paperId: hit.paperId,
          sectionId: hit.sectionId,
          highlight: hit.terms,
        }));
      };
      const disposables = [quickPick.onDidChangeValue(update)];
      if (typeof query === 'string') {
        quickPick.value = query;
        update(query);
      }
      const picked = await new Promise<SectionPick | undefined>((resolve) => {
        disposables.push(
          quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0])),
          quickPick.onDidHide(() => resolve(undefined)),
        );
        quickPick.show();
      });
      quickPick.dispose();
      disposables.forEach((d) => d.dispose());
      return picked?.paperId ? open(picked.paperId, picked.sectionId || undefined, picked.highlight, picked.annotationId) : undefined;
    }),
  );
}
