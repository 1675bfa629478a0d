import * as vscode from 'vscode';
import { MONTH_NAMES, type CompiledPaper } from '../core/papers/paper';
import type { Services } from '../services/services';

export interface PaperPick extends vscode.QuickPickItem {
  paperId: string;
}

/** QuickPick items for papers: the title, then the tree's short name, month and arXiv id, then authors and topics. */
export function paperPicks(papers: readonly CompiledPaper[]): PaperPick[] {
  return papers.map((p) => ({
    paperId: p.meta.id,
    label: p.meta.title,
    description: [p.meta.shortTitle !== p.meta.title ? p.meta.shortTitle : undefined, MONTH_NAMES[p.meta.month - 1], p.meta.arxiv ? `arXiv ${p.meta.arxiv}` : undefined].filter(Boolean).join(' · '),
    detail: `${p.meta.authors.join(', ')}${p.meta.topics.length ? ` · ${p.meta.topics.join(', ')}` : ''}`,
    alwaysShow: true,
  }));
}

/**
 * Asks for a paper. The list is ranked by the catalog (short names such as "DPO vs PPO", topics such as
 * "mixture of experts", authors, months); VS Code's own filter would miss words spread over the fields.
 */
export async function pickPaper(services: Services, title: string): Promise<CompiledPaper | undefined> {
  const catalog = await services.library.catalog();
  const quickPick = vscode.window.createQuickPick<PaperPick>();
  quickPick.title = title;
  quickPick.placeholder = vscode.l10n.t('Type a title, short name, topic, author or month');
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  const update = (value: string): void => {
    const ranked = catalog.rank(value);
    quickPick.items = paperPicks(ranked);
    if (value.trim() && !ranked.length) quickPick.items = [{ label: `No paper matches “${value.trim()}”`, paperId: '', alwaysShow: true }];
  };
  update('');
  const picked = await new Promise<PaperPick | undefined>((resolve) => {
    quickPick.onDidChangeValue(update);
    quickPick.onDidAccept(() => {
      // Enter can arrive before the window shows the list for the last keystroke: the item it selected
      // then comes from the previous list. Take it only if it matches what was typed, else the best match.
      const ranked = catalog.rank(quickPick.value);
      const selected = quickPick.selectedItems[0];
      if (selected?.paperId && ranked.some((p) => p.meta.id === selected.paperId)) resolve(selected);
      else resolve(ranked[0] ? paperPicks([ranked[0]])[0] : undefined);
    });
    quickPick.onDidHide(() => resolve(undefined));
    quickPick.show();
  });
  quickPick.dispose();
  return picked?.paperId ? catalog.get(picked.paperId) : undefined;
}

/** The paper id a command argument names: an id, or a Papers tree node (which carries its paper). */
export function paperIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'paper' in arg) return (arg as { paper?: CompiledPaper }).paper?.meta?.id;
  return undefined;
}

/**
 * Turns a command argument into a paper: an id, a tree node, the URI of a summary panel (what VS Code passes
 * to editor-title commands), nothing (then the paper of the focused summary panel, else ask). A bad argument
 * shows a clear message and yields undefined.
 */
export async function resolvePaperArg(services: Services, arg: unknown, title: string): Promise<CompiledPaper | undefined> {
  let id = paperIdOf(arg);
  if (arg instanceof vscode.Uri) {
    // The URI names the panel's tab, not the panel object; the title bar belongs to the active one.
    id = (services.summaries.active ?? services.summaries.current)?.paperId;
  } else if (arg === undefined) {
    const active = services.summaries.active;
    if (active?.paperId) id = active.paperId;
    else return pickPaper(services, title);
  }
  if (!id) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: {0} needs a paper id, got {1}.', title, describe(arg)));
    return undefined;
  }
  const catalog = await services.library.catalog();
  const paper = catalog.get(id);
  if (!paper) {
    const hints = catalog.suggest(id);
    void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: there is no paper "{0}".{1}', id, hints.length ? ` Did you mean ${hints.join(', ')}?` : ''));
  }
  return paper;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 60) ?? String(value);
  } catch {
    return typeof value;
  }
}
