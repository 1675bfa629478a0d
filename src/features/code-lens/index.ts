import * as vscode from 'vscode';
import { techniqueInfo } from '../../core/lens/technique-info';
import { DETECTOR_LANGUAGES } from '../../services/detector-settings';
import type { Services } from '../../services/services';
import { PaperCodeLensProvider } from './paper-code-lens-provider';

/** Code lenses, hovers and the toggle command for technique findings in code. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const provider = new PaperCodeLensProvider(services.extensionUri, services.library);
  const selector: vscode.DocumentSelector = DETECTOR_LANGUAGES.map((language) => ({ language }));
  context.subscriptions.push(
    provider,
    vscode.languages.registerCodeLensProvider(selector, provider),
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(document, position) {
        if (!vscode.workspace.getConfiguration('paperLens', document).get<boolean>('codeLens.enabled', true)) return undefined;
        const hits = (await provider.findings(document)).filter((f) => f.line - 1 === position.line);
        if (!hits.length) return undefined;
        const catalog = await services.library.catalog();
        const md = new vscode.MarkdownString(undefined, true);
        md.isTrusted = { enabledCommands: ['paperLens.openPaper'] };
        for (const f of hits.slice(0, 2)) {
          const info = techniqueInfo(f.technique);
          const section = catalog.section(f.paper, f.section);
          const paper = catalog.get(f.paper);
          const args = encodeURIComponent(JSON.stringify([f.paper, f.section]));
          md.appendMarkdown(`**$(book) ${info?.label ?? paper?.meta.shortTitle ?? f.paper}** — ${f.evidence}\n\n`);
          if (info) {
            md.appendCodeblock(info.equation, 'latex');
            md.appendMarkdown(`${info.explanation[0]}\n\n${info.explanation[1]}\n\n`);
          }
          md.appendMarkdown(`[Open ${paper?.meta.shortTitle ?? f.paper} › ${section?.title ?? f.section}](command:paperLens.openPaper?${args})\n\n`);
        }
        return new vscode.Hover(md);
      },
    }),
    vscode.commands.registerCommand('paperLens.toggleCodeLens', async () => {
      const config = vscode.workspace.getConfiguration('paperLens');
      const enabled = !config.get<boolean>('codeLens.enabled', true);
      await config.update('codeLens.enabled', enabled, vscode.ConfigurationTarget.Global);
      vscode.window.setStatusBarMessage(`Paper Lens code lenses ${enabled ? 'on' : 'off'}`, 3000);
      return enabled;
    }),
  );
}
