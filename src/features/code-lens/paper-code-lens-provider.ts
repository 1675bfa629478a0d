import * as vscode from 'vscode';
import type { Finding } from '../../core/detect/index';
import type { UserRuleSet } from '../../core/detect/user-rules';
import { parameterHint, techniqueInfo } from '../../core/lens/technique-info';
import { detectorFileName, detectorSettings } from '../../services/detector-settings';
import { loadDetector } from '../../services/lazy-loader';
import type { PaperLibrary } from '../../services/paper-library';
import { Disposable } from '../../util/dispose';

class FindingLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly finding: Finding, readonly role: 'link' | 'hint', readonly hint?: string) {
    super(range);
  }
}

const MAX_CACHED_DOCUMENTS = 64;

/**
 * Code lenses on the lines where the detector finds a technique: one that opens the paper section, and
 * one with what the paper says about the hyper-parameters read from the code. Findings are cached by
 * document version; titles are filled in `resolveCodeLens`, where the catalog is at hand.
 */
export class PaperCodeLensProvider extends Disposable implements vscode.CodeLensProvider<FindingLens> {
  private readonly _onDidChangeCodeLenses = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this._onDidChangeCodeLenses.event;
  private readonly _cache = new Map<string, { version: number; rules: UserRuleSet | undefined; findings: Finding[] }>();

  constructor(
    private readonly _extensionUri: vscode.Uri,
    private readonly _library: PaperLibrary,
  ) {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('paperLens.codeLens') || e.affectsConfiguration('paperLens.scan')) {
        this._cache.clear();
        this._onDidChangeCodeLenses.fire();
      }
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this._cache.delete(d.uri.toString())));
    // A user paper's `detect:` rules changed: lenses from the old rules must go.
    this._register(_library.onDidChange(() => this.refresh()));
  }

  /** Findings for a document at its current version and the library's current rules (computed once per version). */
  async findings(document: vscode.TextDocument): Promise<Finding[]> {
    // Lenses of the built-in detector must not depend on the user papers loading.
    const rules = await this._library.detectRules().catch(() => undefined);
    const key = document.uri.toString();
    const hit = this._cache.get(key);
    if (hit?.version === document.version && hit.rules === rules) return hit.findings;
    const settings = detectorSettings(document);
    const text = document.getText();
    const name = detectorFileName(document);
    const detector = loadDetector(this._extensionUri);
    const { findings } = detector.detect(text, name, { maxBytes: settings.maxFileSize, techniques: settings.techniques });
    if (rules?.size) {
      findings.push(...detector.detectUserRules(text, name, rules, { maxBytes: settings.maxFileSize, disabled: settings.disabledTechniques }));
      findings.sort((a, b) => a.line - b.line);
    }
    this._cache.delete(key);
    this._cache.set(key, { version: document.version, rules, findings });
    if (this._cache.size > MAX_CACHED_DOCUMENTS) this._cache.delete(this._cache.keys().next().value as string);
    return findings;
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<FindingLens[]> {
    const settings = detectorSettings(document);
    if (!settings.lensesEnabled) return [];
    const lenses: FindingLens[] = [];
    for (const f of await this.findings(document)) {
      const line = Math.min(Math.max(f.line - 1, 0), document.lineCount - 1);
      const range = new vscode.Range(line, 0, line, 0);
      lenses.push(new FindingLens(range, f, 'link'));
      const hint = settings.hintsEnabled ? parameterHint(f.technique, f.section, f.params) : undefined;
      if (hint) lenses.push(new FindingLens(range, f, 'hint', hint));
    }
    return lenses;
  }

  async resolveCodeLens(lens: FindingLens): Promise<FindingLens> {
    const f = lens.finding;
    const catalog = await this._library.catalog();
    const paper = catalog.get(f.paper);
    const section = catalog.section(f.paper, f.section);
    const info = techniqueInfo(f.technique);
    const paperName = paper?.meta.shortTitle ?? info?.label ?? f.paper;
    const sectionName = (section?.title ?? f.section).split(':')[0];
    lens.command = lens.role === 'link'
      ? {
        title: `$(book) ${paperName} — ${sectionName}`,
        tooltip: `${f.evidence} — open “${paper?.meta.title ?? f.paper}” at “${section?.title ?? f.section}”`,
        command: 'paperLens.openPaper',
        arguments: [f.paper, f.section],
      }
      : {
        title: `$(lightbulb) ${lens.hint}`,
        tooltip: `From ${paperName}: ${info?.explanation[0] ?? f.evidence}`,
        command: 'paperLens.openPaper',
        arguments: [f.paper, f.section],
      };
    return lens;
  }

  refresh(): void {
    this._cache.clear();
    this._onDidChangeCodeLenses.fire();
  }
}
