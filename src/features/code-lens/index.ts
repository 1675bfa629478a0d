import * as vscode from 'vscode';
import { techniqueInfo } from '../../core/lens/technique-info';
import { readableLatex } from '../../core/markdown/readable-math';
import { DETECTOR_LANGUAGES } from '../../services/detector-settings';
import type { Services } from '../../services/services';
import { PaperCodeLensProvider } from './paper-code-lens-provider';

/** Code lenses, hovers and the toggle command for technique findings in code. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const provider = new PaperCodeLensProvider(services.findings, services.library, services.pdfOutlines);
  const selector: vscode.DocumentSelector = DETECTOR_LANGUAGES.map((language) => ({ language }));
  // Shown for as long as the lenses are off, so the state is never a mystery; a click turns them back on.
  const offItem = vscode.window.createStatusBarItem('paperLens.codeLensOff', vscode.StatusBarAlignment.Right, 100);
  offItem.name = 'Paper Lens code lenses';
  offItem.text = '$(eye-closed) Paper Lens lenses off';
  offItem.tooltip = 'Paper Lens code lenses are off: click to turn them on';
  offItem.command = 'paperLens.toggleCodeLens';
  const showState = (): void => {
    if (vscode.workspace.getConfiguration('paperLens').get<boolean>('codeLens.enabled', true)) offItem.hide();
    else offItem.show();
  };
  showState();
  context.subscriptions.push(
    offItem,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('paperLens.codeLens.enabled')) showState();
    }),
    provider,
    vscode.languages.registerCodeLensProvider(selector, provider),
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(document, position) {
        if (!vscode.workspace.getConfiguration('paperLens', document).get<boolean>('codeLens.enabled', true)) return undefined;
        const hits = (await provider.findings(document)).filter((f) => f.line - 1 === position.line);
        if (!hits.length) return undefined;
        const catalog = await services.library.catalog();
        const md = new vscode.MarkdownString(undefined, true);
        md.isTrusted = { enabledCommands: ['paperLens.openPaper', 'paperLens.openPdf'] };
        for (const f of hits.slice(0, 2)) {
          const info = techniqueInfo(f.technique);
          const section = catalog.section(f.paper, f.section);
          const paper = catalog.get(f.paper);
          const args = encodeURIComponent(JSON.stringify([f.paper, f.section]));
          md.appendMarkdown(`**$(book) ${info?.label ?? paper?.meta.shortTitle ?? f.paper}** — ${f.evidence}\n\n`);
          if (info) {
            // Hovers cannot run KaTeX: the equation as Unicode math reads better than its LaTeX source.
            md.appendCodeblock(readableLatex(info.equation), 'plaintext');
            md.appendMarkdown(`${info.explanation[0]}\n\n${info.explanation[1]}\n\n`);
          }
          // A user rule can point into the paper's PDF (a page or an outline section) instead of a heading.
          const command = !section && paper?.meta.pdf ? 'paperLens.openPdf' : 'paperLens.openPaper';
          md.appendMarkdown(`[Open ${paper?.meta.shortTitle ?? f.paper} › ${section?.title ?? f.section}${command === 'paperLens.openPdf' ? ' (PDF)' : ''}](command:${command}?${args})\n\n`);
        }
        // a lens that stands for several findings lists their lines
        for (const g of (await provider.groups(document)).filter((x) => x.line - 1 === position.line && x.members.length > 1)) {
          md.appendMarkdown(`Key lines of ${techniqueInfo(g.lead.technique)?.label ?? g.lead.paper} here:\n\n${g.members.slice(0, 8).map((m) => `- line ${m.line}: ${m.evidence}`).join('\n')}\n\n`);
        }
        return new vscode.Hover(md);
      },
    }),
    vscode.commands.registerCommand('paperLens.toggleCodeLens', async () => {
      const resource = vscode.window.activeTextEditor?.document.uri;
      const config = vscode.workspace.getConfiguration('paperLens', resource);
      const wanted = !config.get<boolean>('codeLens.enabled', true);
      // Write at the most specific scope that has a value, or the write would be overridden and do nothing.
      const set = config.inspect<boolean>('codeLens.enabled');
      const target = set?.workspaceFolderValue !== undefined && resource ? vscode.ConfigurationTarget.WorkspaceFolder
        : set?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
      await config.update('codeLens.enabled', wanted, target);
      const enabled = vscode.workspace.getConfiguration('paperLens', resource).get<boolean>('codeLens.enabled', true);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Paper Lens code lenses {0}', enabled ? 'on' : 'off'), 3000);
      return enabled;
    }),
  );
}
