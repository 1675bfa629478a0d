import * as vscode from 'vscode';
import type { Finding } from '../../core/detect/index';
import { groupFindings, type LensGroup } from '../../core/lens/lens-groups';
import type { PaperCatalog } from '../../core/papers/catalog';
import { lensTitle, parameterHint, techniqueInfo } from '../../core/lens/technique-info';
import { detectorSettings } from '../../services/detector-settings';
import type { DocumentFindings } from '../../services/document-findings';
import type { PaperLibrary } from '../../services/paper-library';
import { Disposable } from '../../util/dispose';
import { parsePdfFragment } from '../../core/pdf/pdf-location';
import { resolvePdfPlace } from '../../core/pdf/pdf-outline';
import type { PdfOutlines } from '../../services/pdf-outlines';

class FindingLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly finding: Finding, readonly role: 'link' | 'hint', readonly hint?: string) {
    super(range);
  }
}

/**
 * The command of a lens, title included: built with the lens so it never shows blank (see provideCodeLenses).
 * `pdfTitle` is set for a finding of a user rule that points into the paper's PDF: the lens opens the reader.
 */
function lensCommand(catalog: PaperCatalog, f: Finding, role: 'link' | 'hint', hint?: string, pdfTitle?: string): vscode.Command {
  const paper = catalog.get(f.paper);
  const section = catalog.section(f.paper, f.section);
  const info = techniqueInfo(f.technique);
  const paperName = paper?.meta.shortTitle ?? info?.label ?? f.paper;
  if (pdfTitle !== undefined && role === 'link') {
    return {
      title: vscode.l10n.t('$(file-pdf) {0}', lensTitle(f.technique, paper?.meta.shortTitle, pdfTitle)),
      tooltip: vscode.l10n.t('{0}: open the PDF of “{1}” at {2}', f.evidence, paper?.meta.title ?? f.paper, pdfTitle),
      command: 'paperLens.openPdf',
      arguments: [f.paper, f.section],
    };
  }
  return role === 'link'
    ? {
      title: vscode.l10n.t('$(book) {0}', lensTitle(f.technique, paper?.meta.shortTitle, section?.title ?? f.section)),
      tooltip: `${f.evidence}: open “${paper?.meta.title ?? f.paper}” at “${section?.title ?? f.section}”`,
      command: 'paperLens.openPaper',
      arguments: [f.paper, f.section],
    }
    : {
      title: vscode.l10n.t('$(lightbulb) {0}', String(hint)),
      tooltip: `From ${paperName}: ${info?.explanation[0] ?? f.evidence}`,
      command: 'paperLens.openPaper',
      arguments: [f.paper, f.section],
    };
}

/**
 * Code lenses on the lines where the detector finds a technique: one that opens the paper section, and
 * one with what the paper says about the hyper-parameters read from the code. Findings come from
 * {@link DocumentFindings} (once per document version, shared with the workspace index).
 */
export class PaperCodeLensProvider extends Disposable implements vscode.CodeLensProvider<FindingLens> {
  private readonly _onDidChangeCodeLenses = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this._onDidChangeCodeLenses.event;
  /** Lens groups of a findings list, made once per list (the list is the findings of one document version). */
  private readonly _groups = new WeakMap<readonly Finding[], LensGroup<Finding>[]>();

  constructor(
    private readonly _findings: DocumentFindings,
    private readonly _library: PaperLibrary,
    private readonly _pdf?: PdfOutlines,
  ) {
    super();
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('paperLens.codeLens') || e.affectsConfiguration('paperLens.scan')) this._onDidChangeCodeLenses.fire();
    }));
    // A user paper's `detect:` rules changed: lenses from the old rules must go.
    this._register(_library.onDidChange(() => this.refresh()));
  }

  /** Findings for a document at its current version, settings and the library's current rules. */
  findings(document: vscode.TextDocument): Promise<Finding[]> {
    return this._findings.ofDocument(document);
  }

  /** Findings grouped into lenses: one per technique and class or function (see `groupFindings`). */
  async groups(document: vscode.TextDocument): Promise<LensGroup<Finding>[]> {
    const findings = await this.findings(document);
    let groups = this._groups.get(findings);
    if (!groups) this._groups.set(findings, (groups = groupFindings(findings)));
    return groups;
  }

  /**
   * Lenses come with their commands. A lens left for `resolveCodeLens` shows as an empty row until VS Code
   * resolves it, and VS Code waits longer before each resolve the slower earlier resolves were (a running
   * average per editor, up to a minute), so late in a session new files showed blank rows for half a minute.
   * The titles of built-in findings only need the bundled catalog, read once; findings from a user paper's
   * rules exist only once the library (with that paper) is loaded.
   */
  async provideCodeLenses(document: vscode.TextDocument): Promise<FindingLens[]> {
    const settings = detectorSettings(document);
    if (!settings.lensesEnabled) return [];
    const findings = await this.findings(document);
    if (!findings.length) return [];
    const bundled = await this._library.bundled();
    const catalog = findings.every((f) => bundled.get(f.paper)) ? bundled : await this._library.catalog();
    const lenses: FindingLens[] = [];
    for (const group of await this.groups(document)) {
      const f = group.lead;
      const line = Math.min(Math.max(f.line - 1, 0), document.lineCount - 1);
      const range = new vscode.Range(line, 0, line, 0);
      const link = new FindingLens(range, f, 'link');
      link.command = lensCommand(catalog, f, 'link', undefined, await this._pdfTitle(catalog, f));
      lenses.push(link);
      const hint = settings.hintsEnabled ? firstHint(group.members) : undefined;
      if (hint) {
        const lens = new FindingLens(range, f, 'hint', hint);
        lens.command = lensCommand(catalog, f, 'hint', hint);
        lenses.push(lens);
      }
    }
    return lenses;
  }

  refresh(): void {
    this._onDidChangeCodeLenses.fire();
  }

  /**
   * For a user rule pointing into its paper's PDF (a place that is not a heading of the paper): the
   * outline title of the section, or `page 7`. The outline is read in a worker thread and cached; a lens
   * does not wait for a slow first read and names the section by its id instead.
   */
  private async _pdfTitle(catalog: PaperCatalog, f: Finding): Promise<string | undefined> {
    const paper = catalog.get(f.paper);
    if (!paper?.meta.pdf || catalog.section(f.paper, f.section)) return undefined;
    const where = parsePdfFragment(f.section);
    if (!where) return undefined;
    const fallback = 'page' in where ? vscode.l10n.t('page {0}', where.page) : f.section;
    if (!this._pdf || 'page' in where) return fallback;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const found = await Promise.race([this._pdf.ofPaper(f.paper), new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), PDF_TITLE_WAIT_MS)))]);
    clearTimeout(timer);
    const place = found?.outline.ok ? resolvePdfPlace(f.section, found.outline) : undefined;
    return place?.ok && place.title ? place.title : fallback;
  }
}

const PDF_TITLE_WAIT_MS = 1500;

/** The hint of a group: the first of its findings that has one. */
function firstHint(members: readonly Finding[]): string | undefined {
  for (const m of members) {
    const hint = parameterHint(m.technique, m.section, m.params);
    if (hint) return hint;
  }
  return undefined;
}
