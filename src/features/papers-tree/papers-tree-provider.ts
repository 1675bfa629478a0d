import * as vscode from 'vscode';
import type { PaperGroup } from '../../core/papers/catalog';
import type { CompiledPaper, PaperSection } from '../../core/papers/paper';
import type { ReadingStatus } from '../../core/papers/reading-status';
import type { PaperLibrary, PaperProblem } from '../../services/paper-library';
import type { ReadingStatusService } from '../../services/reading-status';
import type { Implementation, WorkspaceIndex } from '../../services/workspace-index';
import type { NotesService } from '../../services/notes-service';
import { annotationCountLabel, plainNoteText, tagLabel } from '../../core/notes/display';
import type { LibraryRemote } from '../../services/library-remote';
import { defaultTitle, type Annotation } from '../../core/notes/model';
import { Disposable } from '../../util/dispose';
import { nestOutline, type OutlineTreeNode, pdfRuleProblems } from '../../core/pdf/pdf-outline';
import { parsePdfFragment } from '../../core/pdf/pdf-location';
import type { PdfOutlines } from '../../services/pdf-outlines';

export type Grouping = 'month' | 'topic';

export type PaperTreeNode =
  | { kind: 'group'; group: PaperGroup }
  | { kind: 'paper'; paper: CompiledPaper; groupKey: string }
  | { kind: 'section'; paper: CompiledPaper; section: PaperSection; groupKey: string }
  | { kind: 'problem'; problem: PaperProblem }
  | { kind: 'workspace'; paper: CompiledPaper; section: PaperSection; groupKey: string; impls: Implementation[] }
  | { kind: 'impl'; impl: Implementation; groupKey: string }
  | { kind: 'notes'; paper: CompiledPaper; groupKey: string; annotations: Annotation[] }
  | { kind: 'note'; paper: CompiledPaper; groupKey: string; annotation: Annotation }
  /** The paper's PDF: its outline is read (in a worker thread) only when this row is expanded. */
  | { kind: 'pdf'; paper: CompiledPaper; groupKey: string }
  | { kind: 'pdfSection'; paper: CompiledPaper; groupKey: string; entry: OutlineTreeNode }
  /** A PDF without an outline, or one that cannot be read: one row that says so. */
  | { kind: 'pdfInfo'; paper: CompiledPaper; groupKey: string; text: string; problem: boolean };

const STATUS_ICONS: Record<ReadingStatus, vscode.ThemeIcon> = {
  unread: new vscode.ThemeIcon('circle-large-outline'),
  reading: new vscode.ThemeIcon('eye', new vscode.ThemeColor('charts.blue')),
  read: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green')),
};
const UPDATE_ICON = new vscode.ThemeIcon('arrow-circle-up', new vscode.ThemeColor('charts.orange'));
const STATUS_LABELS: Record<ReadingStatus, string> = { unread: 'Unread', reading: 'Reading', read: 'Read' };

/**
 * The "Papers" view: by date (the bundled collection and each year, holding months) or by topic, then
 * papers, then their top-level sections.
 */
export class PapersTreeProvider extends Disposable implements vscode.TreeDataProvider<PaperTreeNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<PaperTreeNode | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private _grouping: Grouping = 'month';
  private _filter = '';

  constructor(
    private readonly _library: PaperLibrary,
    private readonly _status: ReadingStatusService,
    private readonly _index: WorkspaceIndex,
    private readonly _notes: NotesService,
    private readonly _remote: LibraryRemote,
    private readonly _pdf: PdfOutlines,
  ) {
    super();
    this._register(_pdf.onDidLearn(() => this.refresh()));
    this._register(_remote.onDidChange(() => this.refresh()));
    this._register(_notes.onDidChange(() => this.refresh()));
    this._register(_library.onDidChange(() => this.refresh()));
    this._register(_status.onDidChange(() => this.refresh()));
    this._register(_index.onDidChange(() => this.refresh()));
  }

  get grouping(): Grouping {
    return this._grouping;
  }

  set grouping(value: Grouping) {
    this._grouping = value;
    this.refresh();
  }

  get filter(): string {
    return this._filter;
  }

  set filter(value: string) {
    this._filter = value.trim();
    this.refresh();
  }

  refresh(): void {
    this._onDidChangeTreeData.fire(undefined);
  }

  /** How many papers the current filter lets through (all of them when there is no filter). */
  async filteredCount(): Promise<number> {
    const catalog = await this._library.catalog();
    if (!this._filter) return catalog.size;
    await this._loadNoteCounts();
    return catalog.filter(this._filter, (p) => this._noteSummaries.get(p.meta.id)?.tags ?? []).length;
  }

  async getChildren(node?: PaperTreeNode): Promise<PaperTreeNode[]> {
    if (!node) {
      const catalog = await this._library.catalog();
      await this._loadNoteCounts();
      // The filter also matches the user's tags (from the notes files).
      const papers = this._filter ? catalog.filter(this._filter, (p) => this._noteSummaries.get(p.meta.id)?.tags ?? []) : catalog.all();
      if (!papers.length) return []; // the view's welcome content explains why
      const groups = this._grouping === 'topic' ? catalog.byTopic(papers) : catalog.byDate(papers);
      const problems: PaperTreeNode[] = this._filter ? [] : this._library.problems.map((problem) => ({ kind: 'problem', problem }));
      return [...groups.map((group): PaperTreeNode => ({ kind: 'group', group })), ...problems];
    }
    switch (node.kind) {
      case 'group':
        if (node.group.children) return node.group.children.map((group): PaperTreeNode => ({ kind: 'group', group }));
        return node.group.papers.map((paper) => ({ kind: 'paper', paper, groupKey: node.group.key }));
      case 'paper': {
        const annotations = (await this._notes.get(node.paper.meta.id)).file.annotations;
        const sections: PaperTreeNode[] = node.paper.sections
          .filter((s) => s.depth <= 3)
          .map((section) => ({ kind: 'section', paper: node.paper, section, groupKey: node.groupKey }));
        // Problems in the paper's `detect:` rules come first: the paper loaded, but some lenses will be missing.
        const ruleProblems = this._library.ruleProblems.filter((p) => p.paperId === node.paper.meta.id).map((problem): PaperTreeNode => ({ kind: 'problem', problem }));
        const pdf: PaperTreeNode[] = !node.paper.collection && (await this._pdf.hasPdf(node.paper.meta.id)) ? [{ kind: 'pdf', paper: node.paper, groupKey: node.groupKey }] : [];
        return [...ruleProblems, ...(annotations.length ? [{ kind: 'notes', paper: node.paper, groupKey: node.groupKey, annotations } as PaperTreeNode] : []), ...pdf, ...sections];
      }
      case 'pdf': {
        const found = await this._pdf.ofPaper(node.paper.meta.id);
        const info = (text: string, problem: boolean): PaperTreeNode[] => [{ kind: 'pdfInfo', paper: node.paper, groupKey: node.groupKey, text, problem }];
        if (!found) return info(vscode.l10n.t('outline unavailable: {0}', vscode.l10n.t('the PDF file is missing')), true);
        if (!found.outline.ok) return info(vscode.l10n.t('outline unavailable: {0}', found.outline.reason), true);
        // A `detect:` rule naming an outline id or a page this PDF lacks: found only now that the outline is read.
        const uri = node.paper.detect?.length ? await this._library.userPaperUri(node.paper.meta.id) : undefined;
        const ruleRows = uri
          ? pdfRuleProblems(node.paper.detect ?? [], node.paper.sections.map((s) => s.id), found.outline)
            .map((p): PaperTreeNode => ({ kind: 'problem', problem: { uri, paperId: node.paper.meta.id, line: p.line, message: p.message } }))
          : [];
        if (!found.outline.sections.length) return [...ruleRows, ...info(vscode.l10n.t('This PDF has no outline ({0} pages)', found.outline.pages), false)];
        return [...ruleRows, ...nestOutline(found.outline.sections).map((entry): PaperTreeNode => ({ kind: 'pdfSection', paper: node.paper, groupKey: node.groupKey, entry }))];
      }
      case 'pdfSection':
        return node.entry.children.map((entry) => ({ kind: 'pdfSection', paper: node.paper, groupKey: node.groupKey, entry }));
      case 'notes':
        return node.annotations.map((annotation) => ({ kind: 'note', paper: node.paper, groupKey: node.groupKey, annotation }));
      case 'section': {
        const impls = this._index.implementationsOf(node.paper.meta.id, node.section.id);
        return impls.length ? [{ kind: 'workspace', paper: node.paper, section: node.section, groupKey: node.groupKey, impls }] : [];
      }
      case 'workspace':
        return node.impls.map((impl) => ({ kind: 'impl', impl, groupKey: node.groupKey }));
      default:
        return [];
    }
  }

  getTreeItem(node: PaperTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `group:${this._grouping}:${node.group.key}`;
        item.description = `${node.group.papers.length} paper${node.group.papers.length === 1 ? '' : 's'}`;
        item.contextValue = 'paperLens.group';
        item.iconPath = new vscode.ThemeIcon(node.group.kind === 'collection' ? 'library' : this._grouping === 'month' ? 'calendar' : 'tag');
        return item;
      }
      case 'paper':
        return this._paperItem(node.paper, node.groupKey);
      case 'section': {
        const s = node.section;
        const implemented = this._index.implementationsOf(node.paper.meta.id, s.id).length;
        const item = new vscode.TreeItem(s.title, implemented ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `section:${node.groupKey}:${node.paper.meta.id}#${s.id}`;
        if (implemented) item.description = `${implemented} in workspace`;
        item.contextValue = 'paperLens.section';
        item.iconPath = new vscode.ThemeIcon(s.depth === 2 ? 'symbol-file' : 'symbol-key');
        item.tooltip = s.text.length > 300 ? `${s.text.slice(0, 300)}…` : s.text || s.title;
        // Without this the tooltip (the section's text) would be read out as the row's name.
        item.accessibilityInformation = { label: `${s.title}, section of ${node.paper.meta.shortTitle}` };
        item.command = { command: 'paperLens.openPaper', title: vscode.l10n.t('Open Section'), arguments: [node.paper.meta.id, s.id] };
        return item;
      }
      case 'notes': {
        const item = new vscode.TreeItem('Notes', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `notes:${node.groupKey}:${node.paper.meta.id}`;
        item.description = String(node.annotations.length);
        item.iconPath = new vscode.ThemeIcon('note');
        item.contextValue = 'paperLens.notes';
        return item;
      }
      case 'note': {
        const a = node.annotation;
        const label = a.target.quote ? `“${a.target.quote.exact.replace(/\s+/g, ' ').slice(0, 60)}”` : a.title ?? defaultTitle(a, node.paper.sections.find((x) => x.id === a.target.section)?.title);
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
        item.id = `note:${node.groupKey}:${node.paper.meta.id}:${a.id}`;
        item.description = plainNoteText(a.body);
        item.tooltip = `${a.title ?? defaultTitle(a, node.paper.sections.find((x) => x.id === a.target.section)?.title)}\n\n${plainNoteText(a.body, 600)}`;
        item.iconPath = new vscode.ThemeIcon(a.kind === 'note' ? 'comment' : 'symbol-color');
        item.contextValue = `paperLens.annotation.${a.kind}`;
        item.accessibilityInformation = { label: `${a.kind === 'note' ? 'Note' : 'Highlight'}: ${label}` };
        item.command = { command: 'paperLens.openPaper', title: vscode.l10n.t('Reveal'), arguments: [node.paper.meta.id, a.target.section, a.id] };
        return item;
      }
      case 'workspace': {
        const item = new vscode.TreeItem('In this workspace', vscode.TreeItemCollapsibleState.Expanded);
        item.id = `workspace:${node.groupKey}:${node.paper.meta.id}#${node.section.id}`;
        item.description = `${node.impls.length} place${node.impls.length === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('code');
        item.contextValue = 'paperLens.workspace';
        return item;
      }
      case 'impl': {
        const { uri, finding } = node.impl;
        const rel = vscode.workspace.asRelativePath(uri, false);
        const item = new vscode.TreeItem(`${rel.split('/').pop()}:${finding.line}`, vscode.TreeItemCollapsibleState.None);
        item.id = `impl:${node.groupKey}:${uri.toString()}:${finding.line}:${finding.paper}#${finding.section}`;
        item.description = [finding.symbol, rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : undefined].filter(Boolean).join(' · ');
        item.tooltip = `${rel}:${finding.line} — ${finding.evidence}`;
        item.resourceUri = uri;
        item.iconPath = vscode.ThemeIcon.File;
        item.contextValue = 'paperLens.implementation';
        item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [uri, { selection: new vscode.Range(finding.line - 1, 0, finding.line - 1, 0) }] };
        return item;
      }
      case 'pdf': {
        const item = new vscode.TreeItem(vscode.l10n.t('PDF outline'), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `pdf:${node.groupKey}:${node.paper.meta.id}`;
        item.description = node.paper.meta.pdf?.split('/').pop();
        item.iconPath = new vscode.ThemeIcon('file-pdf');
        item.contextValue = 'paperLens.pdf';
        item.tooltip = vscode.l10n.t('The sections of the PDF, from its outline; click one to open the PDF there.');
        // A string tooltip would otherwise be read out as the row's name.
        item.accessibilityInformation = { label: vscode.l10n.t('PDF outline of {0}', node.paper.meta.shortTitle) };
        return item;
      }
      case 'pdfSection': {
        const s = node.entry.section;
        const item = new vscode.TreeItem(s.title, node.entry.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `pdfsec:${node.groupKey}:${node.paper.meta.id}#${s.id}`;
        if (s.page) item.description = vscode.l10n.t('p. {0}', s.page);
        item.iconPath = new vscode.ThemeIcon('symbol-number');
        item.contextValue = 'paperLens.pdfSection';
        item.tooltip = `paper:${node.paper.meta.id}#${s.id}`;
        item.accessibilityInformation = { label: vscode.l10n.t('{0}, PDF section of {1}{2}', s.title, node.paper.meta.shortTitle, s.page ? vscode.l10n.t(', page {0}', s.page) : '') };
        // A slug outside `paper:` link syntax (a title in another script) still opens at its page.
        const fragment = parsePdfFragment(s.id) ? s.id : s.page ? `page=${s.page}` : undefined;
        item.command = { command: 'paperLens.openPdf', title: vscode.l10n.t('Open PDF at Section'), arguments: [node.paper.meta.id, fragment] };
        return item;
      }
      case 'pdfInfo': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = `pdfinfo:${node.groupKey}:${node.paper.meta.id}`;
        item.tooltip = node.text;
        item.contextValue = node.problem ? 'paperLens.pdfProblem' : 'paperLens.pdfInfo';
        item.iconPath = node.problem ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : new vscode.ThemeIcon('info');
        item.command = { command: 'paperLens.openPdf', title: vscode.l10n.t('Open PDF'), arguments: [node.paper.meta.id] };
        return item;
      }
      case 'problem': {
        const name = node.problem.uri.path.split('/').pop() ?? node.problem.uri.toString();
        const line = node.problem.line;
        const item = new vscode.TreeItem(line ? `Rule problem, line ${line}` : name, vscode.TreeItemCollapsibleState.None);
        item.description = line ? node.problem.message : 'could not be loaded';
        item.tooltip = line ? `${name}:${line}: ${node.problem.message}` : `${name} ${node.problem.message}`;
        item.contextValue = line ? 'paperLens.problem.rule' : 'paperLens.problem';
        if (line) item.accessibilityInformation = { label: `Rule problem, line ${line}: ${node.problem.message}` };
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        const at = line ? [{ selection: new vscode.Range(line - 1, 0, line - 1, 0) }] : [];
        item.command = { command: 'vscode.open', title: vscode.l10n.t('Open File'), arguments: [node.problem.uri, ...at] };
        return item;
      }
    }
  }

  private _noteSummaries = new Map<string, { tags: string[]; annotations: number }>();

  /** The kinds of each paper's annotations, so the row counts notes and highlights apart. */
  private _kinds = new Map<string, Annotation[]>();

  private async _loadNoteCounts(): Promise<void> {
    this._noteSummaries = await this._notes.summaries();
    const kinds = new Map<string, Annotation[]>();
    for (const id of this._noteSummaries.keys()) kinds.set(id, (await this._notes.get(id)).file.annotations);
    this._kinds = kinds;
    await this._status.refreshFromNotes();
  }

  private _paperItem(paper: CompiledPaper, groupKey: string): vscode.TreeItem {
    const m = paper.meta;
    const status = this._status.get(m.id);
    const item = new vscode.TreeItem(m.shortTitle, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `paper:${groupKey}:${m.id}`;
    const firstAuthor = m.authors[0] ? `${m.authors[0].split(' ').pop()}${m.authors.length > 1 ? ' et al.' : ''}` : m.organization;
    const noted = this._noteSummaries.get(m.id);
    const tags = noted?.tags.length ? noted.tags.map(tagLabel).join(' ') : undefined;
    const newer = this._remote.newerVersion(paper);
    const update = newer ? `↑ v${newer} on arXiv` : undefined;
    const ruleProblems = this._library.ruleProblems.filter((p) => p.paperId === m.id).length;
    const problemNote = ruleProblems ? `${ruleProblems} rule problem${ruleProblems === 1 ? '' : 's'}` : undefined;
    item.description = [update, firstAuthor, m.arxiv, annotationCountLabel(this._kinds.get(m.id) ?? []), tags, problemNote].filter(Boolean).join(' · ');
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown('**').appendText(m.title).appendMarkdown('**\n\n');
    tooltip.appendText(`${m.authors.join(', ')}${m.organization ? ` — ${m.organization}` : ''}`);
    if (m.gist) tooltip.appendMarkdown('\n\n').appendText(m.gist);
    tooltip.appendMarkdown('\n\n').appendText(`${STATUS_LABELS[status]}${m.arxiv ? ` · arXiv ${m.arxiv}${m.arxivVersion ? `v${m.arxivVersion}` : ''}` : ''}${m.year ? ` · ${m.year}` : ''}`);
    if (newer) tooltip.appendMarkdown('\n\n').appendText(`arXiv has version ${newer}: right-click → Update to Latest arXiv Version.`);
    if (m.pdf) tooltip.appendMarkdown('\n\n').appendText(`PDF: ${m.pdf}`);
    item.tooltip = tooltip;
    // Dotted parts in a fixed order; menus match them with regexes (`\.arxiv$` must stay last).
    item.contextValue = `paperLens.paper.${status}${paper.collection ? '' : '.user'}${m.pdf ? '.pdf' : ''}${newer ? '.update' : ''}${m.arxiv ? '.arxiv' : ''}`;
    // A pending arXiv update is the one thing worth changing the status icon for; the tooltip keeps the status.
    item.iconPath = newer ? UPDATE_ICON : STATUS_ICONS[status];
    item.accessibilityInformation = { label: `${m.shortTitle}, ${m.title}, ${STATUS_LABELS[status]}${update ? `, version ${newer} available` : ''}` };
    item.command = { command: 'paperLens.openPaper', title: vscode.l10n.t('Open Summary'), arguments: [m.id] };
    return item;
  }
}
