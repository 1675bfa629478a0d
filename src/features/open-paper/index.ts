import * as vscode from 'vscode';
import { MONTH_NAMES } from '../../core/papers/paper';
import type { Services } from '../../services/services';
import { SummaryPanel } from '../summary/summary-panel';

interface PaperPick extends vscode.QuickPickItem {
  paperId: string;
}

/** "Paper Lens: Open Paper…": with an id opens it, without one asks with a QuickPick. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('paperLens.openPaper', async (paperId?: unknown, section?: unknown) => {
      const id = typeof paperId === 'string' ? paperId : await pickPaper(services);
      if (!id) return undefined;
      const sectionId = typeof section === 'string' ? section : undefined;
      if (!(await services.library.get(id))) {
        const hints = (await services.library.catalog()).suggest(id);
        void vscode.window.showErrorMessage(
          `Paper Lens: there is no paper "${id}".${hints.length ? ` Did you mean ${hints.join(', ')}?` : ''}`,
        );
        return undefined;
      }
      const panel = await SummaryPanel.createOrShow(services.library, services.extensionUri, id, sectionId);
      return panel.paperId;
    }),
  );
}

async function pickPaper(services: Services): Promise<string | undefined> {
  const catalog = await services.library.catalog();
  const items: PaperPick[] = catalog.all().map((p) => ({
    paperId: p.meta.id,
    label: p.meta.title,
    description: `${MONTH_NAMES[p.meta.month - 1] ?? ''} · arXiv ${p.meta.arxiv}`,
    detail: `${p.meta.authors.join(', ')} · ${p.meta.topics.join(', ')}`,
  }));
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Open Paper',
    placeHolder: 'Type a title, month, author or topic',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return pick?.paperId;
}
