import * as vscode from 'vscode';
import { arxivUrl, toBibtex } from '../../core/papers/bibtex';
import type { CompiledPaper } from '../../core/papers/paper';
import { nextStatus, type ReadingStatus } from '../../core/papers/reading-status';
import type { Services } from '../../services/services';
import { resolvePaperArg } from '../shared-paper-arg';

/** Copy BibTeX / arXiv link, Open on arXiv, reading status: from the tree, the summary panel or the palette. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const withPaper = (title: string, action: (paper: CompiledPaper) => Thenable<unknown> | void) =>
    async (arg?: unknown): Promise<boolean> => {
      const paper = await resolvePaperArg(services, arg, title);
      if (!paper) return false;
      await action(paper);
      return true;
    };

  const needsArxiv = (paper: CompiledPaper): string | undefined => {
    const url = arxivUrl(paper.meta);
    if (!url) void vscode.window.showWarningMessage(vscode.l10n.t('Paper Lens: “{0}” has no arXiv id.', paper.meta.shortTitle));
    return url;
  };

  const setStatus = (status: ReadingStatus) => withPaper(`Mark as ${status}`, (p) => services.status.set(p.meta.id, status));

  context.subscriptions.push(
    vscode.commands.registerCommand('paperLens.copyBibtex', withPaper('Copy BibTeX', async (p) => {
      // A paper added from BibTeX or a DOI keeps its own entry.
      await vscode.env.clipboard.writeText(p.meta.bibtex ?? toBibtex(p.meta));
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) BibTeX for {0} copied', p.meta.shortTitle), 3000);
    })),
    vscode.commands.registerCommand('paperLens.copyArxivLink', withPaper('Copy arXiv Link', async (p) => {
      const url = needsArxiv(p);
      if (!url) return;
      await vscode.env.clipboard.writeText(url);
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) {0} copied', url), 3000);
    })),
    vscode.commands.registerCommand('paperLens.openOnArxiv', withPaper('Open on arXiv', async (p) => {
      const url = needsArxiv(p);
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
    })),
    vscode.commands.registerCommand('paperLens.toggleReadingStatus', withPaper('Toggle Reading Status', async (p) => {
      const status = nextStatus(await services.status.read(p.meta.id));
      await services.status.set(p.meta.id, status);
      vscode.window.setStatusBarMessage(vscode.l10n.t('{0}: {1}', p.meta.shortTitle, status), 3000);
    })),
    vscode.commands.registerCommand('paperLens.markUnread', setStatus('unread')),
    vscode.commands.registerCommand('paperLens.markReading', setStatus('reading')),
    vscode.commands.registerCommand('paperLens.markRead', setStatus('read')),
  );
}
