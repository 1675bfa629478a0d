import * as vscode from 'vscode';
import { MONTH_NAMES, type CompiledPaper } from '../core/papers/paper';
import type { Services } from '../services/services';

export interface PaperPick extends vscode.QuickPickItem {
  paperId: string;
}

/** QuickPick items for papers: title, month, arXiv id, authors and topics all match what the user types. */
export function paperPicks(papers: readonly CompiledPaper[]): PaperPick[] {
  return papers.map((p) => ({
    paperId: p.meta.id,
    label: p.meta.title,
    description: `${MONTH_NAMES[p.meta.month - 1] ?? ''}${p.meta.arxiv ? ` · arXiv ${p.meta.arxiv}` : ''}`,
    detail: `${p.meta.authors.join(', ')}${p.meta.topics.length ? ` · ${p.meta.topics.join(', ')}` : ''}`,
  }));
}

export async function pickPaper(services: Services, title: string): Promise<CompiledPaper | undefined> {
  const catalog = await services.library.catalog();
  const pick = await vscode.window.showQuickPick(paperPicks(catalog.all()), {
    title,
    placeHolder: 'Type a title, month, author or topic',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return pick ? catalog.get(pick.paperId) : undefined;
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
    void vscode.window.showErrorMessage(`Paper Lens: ${title} needs a paper id, got ${describe(arg)}.`);
    return undefined;
  }
  const catalog = await services.library.catalog();
  const paper = catalog.get(id);
  if (!paper) {
    const hints = catalog.suggest(id);
    void vscode.window.showErrorMessage(`Paper Lens: there is no paper "${id}".${hints.length ? ` Did you mean ${hints.join(', ')}?` : ''}`);
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
