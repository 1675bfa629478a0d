import * as vscode from 'vscode';
import type { Services } from '../../services/services';

interface SectionPick extends vscode.QuickPickItem {
  paperId: string;
  sectionId: string;
}
interface LocationPick extends vscode.QuickPickItem {
  uri: vscode.Uri;
  line: number;
}

/** "Find Implementations of Section…" and "Rescan Workspace for Paper Code". */
export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('paperLens.findImplementations', async (paperArg?: unknown, sectionArg?: unknown) => {
      await services.index.ready();
      const catalog = await services.library.catalog();
      let paperId = typeof paperArg === 'string' ? paperArg : undefined;
      let sectionId = typeof sectionArg === 'string' ? sectionArg : undefined;
      if (paperArg && typeof paperArg === 'object' && 'section' in paperArg && 'paper' in paperArg) {
        const node = paperArg as { paper: { meta: { id: string } }; section: { id: string } };
        paperId = node.paper.meta.id;
        sectionId = node.section.id;
      }
      if (!paperId) {
        const items: SectionPick[] = catalog.all().flatMap((p) => p.sections.map((s) => {
          const n = services.index.implementationsOf(p.meta.id, s.id).length;
          return { label: `${p.meta.shortTitle} › ${s.title}`, description: n ? `${n} in workspace` : undefined, paperId: p.meta.id, sectionId: s.id };
        })).sort((a, b) => Number(Boolean(b.description)) - Number(Boolean(a.description)));
        const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Find Implementations of Section'), placeHolder: vscode.l10n.t('Sections with code in this workspace come first'), matchOnDescription: true });
        if (!pick) return [];
        ({ paperId, sectionId } = pick);
      }
      if (!catalog.get(paperId)) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: there is no paper "{0}".', paperId));
        return [];
      }
      const impls = services.index.implementationsOf(paperId, sectionId);
      const where = `${catalog.get(paperId)?.meta.shortTitle}${sectionId ? ` › ${catalog.section(paperId, sectionId)?.title ?? sectionId}` : ''}`;
      if (!impls.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Paper Lens: no code in this workspace implements {0}.', where));
        return [];
      }
      if (paperArg !== undefined && typeof paperArg === 'string') return impls.map((i) => `${vscode.workspace.asRelativePath(i.uri)}:${i.finding.line}`);
      const pick = await vscode.window.showQuickPick<LocationPick>(impls.map((i) => ({
        label: `${vscode.workspace.asRelativePath(i.uri)}:${i.finding.line}`,
        description: i.finding.symbol,
        detail: i.finding.evidence,
        uri: i.uri,
        line: i.finding.line,
      })), { title: vscode.l10n.t('Implementations of {0}', where) });
      if (pick) await vscode.window.showTextDocument(pick.uri, { selection: new vscode.Range(pick.line - 1, 0, pick.line - 1, 0) });
      return impls.map((i) => `${vscode.workspace.asRelativePath(i.uri)}:${i.finding.line}`);
    }),
    vscode.commands.registerCommand('paperLens.rescanWorkspace', () => (services.index.started ? services.index.rescan() : services.index.ready())),
  );
}
