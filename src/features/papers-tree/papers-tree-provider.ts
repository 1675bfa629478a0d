import * as vscode from 'vscode';
import type { CompiledPaper, PaperSection } from '../../core/papers/paper';
import type { PaperLibrary, PaperProblem } from '../../services/paper-library';
import { Disposable } from '../../util/dispose';

export type PaperTreeNode =
  | { kind: 'month'; month: number; label: string; papers: CompiledPaper[] }
  | { kind: 'paper'; paper: CompiledPaper }
  | { kind: 'section'; paper: CompiledPaper; section: PaperSection }
  | { kind: 'problem'; problem: PaperProblem };

/** The "Papers" view: months, then papers, then their top-level sections. */
export class PapersTreeProvider extends Disposable implements vscode.TreeDataProvider<PaperTreeNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<PaperTreeNode | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;

  constructor(private readonly _library: PaperLibrary) {
    super();
    this._register(_library.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this._onDidChangeTreeData.fire(undefined);
  }

  async getChildren(node?: PaperTreeNode): Promise<PaperTreeNode[]> {
    if (!node) {
      const catalog = await this._library.catalog();
      const months: PaperTreeNode[] = catalog.byMonth().map((g) => ({ kind: 'month', ...g }));
      const problems: PaperTreeNode[] = this._library.problems.map((problem) => ({ kind: 'problem', problem }));
      return [...months, ...problems];
    }
    switch (node.kind) {
      case 'month':
        return node.papers.map((paper) => ({ kind: 'paper', paper }));
      case 'paper':
        return node.paper.sections.filter((s) => s.depth === 2).map((section) => ({ kind: 'section', paper: node.paper, section }));
      default:
        return [];
    }
  }

  getTreeItem(node: PaperTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'month': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `month:${node.month}`;
        item.description = `${node.papers.length} paper${node.papers.length === 1 ? '' : 's'}`;
        item.contextValue = 'paperLens.month';
        item.iconPath = new vscode.ThemeIcon('calendar');
        return item;
      }
      case 'paper': {
        const m = node.paper.meta;
        const item = new vscode.TreeItem(m.shortTitle, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `paper:${m.id}`;
        item.description = m.arxiv ? `arXiv ${m.arxiv}` : m.authors[0];
        const tooltip = new vscode.MarkdownString(undefined, false);
        tooltip.appendMarkdown('**').appendText(m.title).appendMarkdown('**\n\n');
        tooltip.appendText(`${m.authors.join(', ')}${m.organization ? ` — ${m.organization}` : ''}`);
        if (m.gist) tooltip.appendMarkdown('\n\n').appendText(m.gist);
        item.tooltip = tooltip;
        item.contextValue = 'paperLens.paper';
        item.iconPath = new vscode.ThemeIcon('book');
        item.command = { command: 'paperLens.openPaper', title: 'Open Summary', arguments: [m.id] };
        return item;
      }
      case 'section': {
        const item = new vscode.TreeItem(node.section.title, vscode.TreeItemCollapsibleState.None);
        item.id = `section:${node.paper.meta.id}#${node.section.id}`;
        item.contextValue = 'paperLens.section';
        item.iconPath = new vscode.ThemeIcon('symbol-string');
        item.command = { command: 'paperLens.openPaper', title: 'Open Section', arguments: [node.paper.meta.id, node.section.id] };
        return item;
      }
      case 'problem': {
        const name = node.problem.uri.path.split('/').pop() ?? node.problem.uri.toString();
        const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
        item.description = 'could not be loaded';
        item.tooltip = `${name} ${node.problem.message}`;
        item.contextValue = 'paperLens.problem';
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.command = { command: 'vscode.open', title: 'Open File', arguments: [node.problem.uri] };
        return item;
      }
    }
  }
}
