import * as vscode from 'vscode';
import type { PaperSearch } from '../../core/search/paper-search';
import { loadLazy } from '../../services/lazy-loader';
import type { PaperCatalog } from '../../core/papers/catalog';
import type { Services } from '../../services/services';
import { pickPaper } from '../shared-paper-arg';
import { SummaryPanel } from '../summary/summary-panel';

interface SectionPick extends vscode.QuickPickItem {
  paperId: string;
  sectionId: string;
  highlight?: string[];
}

/** Open Paper…, Go to Section… and Search Papers…: the Command Palette ways into the library. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  let search: { catalog: PaperCatalog; index: PaperSearch } | undefined;
  const searchIndex = async (): Promise<PaperSearch> => {
    const catalog = await services.library.catalog();
    if (search?.catalog !== catalog) search = { catalog, index: new (loadLazy(services.extensionUri).PaperSearch)(catalog.all()) };
    return search.index;
  };

  const open = async (paperId: string, section?: string, highlight?: string[]): Promise<string | undefined> => {
    const catalog = await services.library.catalog();
    if (!catalog.get(paperId)) {
      const hints = catalog.suggest(paperId);
      void vscode.window.showErrorMessage(`Paper Lens: there is no paper "${paperId}".${hints.length ? ` Did you mean ${hints.join(', ')}?` : ''}`);
      return undefined;
    }
    if (section && !catalog.section(paperId, section)) {
      void vscode.window.showWarningMessage(`Paper Lens: "${paperId}" has no section "${section}"; opening the summary at the top.`);
      section = undefined;
    }
    const panel = await SummaryPanel.createOrShow(services.library, services.extensionUri, services.workspaceState, paperId, { section, highlight });
    return panel.paperId;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('paperLens.openPaper', async (paperId?: unknown, section?: unknown) => {
      if (paperId !== undefined && typeof paperId !== 'string') {
        void vscode.window.showErrorMessage('Paper Lens: Open Paper needs a paper id.');
        return undefined;
      }
      const id = paperId ?? (await pickPaper(services, 'Open Paper'))?.meta.id;
      return id ? open(id, typeof section === 'string' ? section : undefined) : undefined;
    }),

    vscode.commands.registerCommand('paperLens.goToSection', async () => {
      const catalog = await services.library.catalog();
      const items: SectionPick[] = catalog.all().flatMap((p) => [
        { label: p.meta.shortTitle, kind: vscode.QuickPickItemKind.Separator, paperId: '', sectionId: '' },
        ...p.sections.map((s) => ({
          label: `${p.meta.shortTitle} › ${s.title}`,
          description: s.depth > 2 ? 'subsection' : undefined,
          paperId: p.meta.id,
          sectionId: s.id,
        })),
      ]);
      const pick = await vscode.window.showQuickPick(items, { title: 'Go to Section', placeHolder: 'Type a paper or section name', matchOnDescription: true });
      return pick ? open(pick.paperId, pick.sectionId) : undefined;
    }),

    vscode.commands.registerCommand('paperLens.searchPapers', async (query?: unknown) => {
      const index = await searchIndex();
      const quickPick = vscode.window.createQuickPick<SectionPick>();
      quickPick.title = 'Search Papers';
      quickPick.placeholder = 'Search the text of every summary, e.g. re-warming, load balancing, rank';
      quickPick.matchOnDetail = false;
      const update = (value: string): void => {
        // Ranking is MiniSearch's (BM25); alwaysShow keeps VS Code from filtering our ranked list again.
        quickPick.items = index.search(value, 40).map((hit) => ({
          label: `${hit.paperTitle} › ${hit.sectionTitle}`,
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
      return picked ? open(picked.paperId, picked.sectionId, picked.highlight) : undefined;
    }),
  );
}
