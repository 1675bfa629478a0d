import * as vscode from 'vscode';
import type { PaperReference } from '../../core/detect/index';
import { editDistance } from '../../core/papers/catalog';
import { referenceText } from '../../core/lens/comment-syntax';
import { parsePdfFragment } from '../../core/pdf/pdf-location';
import { resolvePdfPlace } from '../../core/pdf/pdf-outline';
import { loadDetector } from '../../services/lazy-loader';
import type { Services } from '../../services/services';
import { insertReferenceHandler } from './insert-reference';

const SOURCE = 'Paper Lens';
const UNKNOWN_PAPER = 'unknown-paper';
const UNKNOWN_SECTION = 'unknown-section';
const MAX_TEXT = 2_000_000;

/**
 * `paper:<id>#<section>` references in comments: clickable links, diagnostics for unknown papers or
 * sections with quick fixes, and "Insert Paper Reference…".
 */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('paperLens');
  const references = (document: vscode.TextDocument): PaperReference[] => {
    const text = document.getText();
    if (text.length > MAX_TEXT || !text.includes('paper:')) return [];
    return loadDetector(services.extensionUri).findPaperReferences(text, document.fileName);
  };
  const rangeOf = (r: PaperReference): vscode.Range => new vscode.Range(r.line - 1, r.column, r.line - 1, r.endColumn);

  // Diagnostics belong to the file itself: a git: or diff view of it would show the same ones twice.
  const ownsDiagnostics = (document: vscode.TextDocument): boolean => !document.isClosed && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
  const validate = async (document: vscode.TextDocument): Promise<void> => {
    if (!ownsDiagnostics(document)) return;
    const refs = references(document);
    if (!refs.length) {
      diagnostics.delete(document.uri);
      return;
    }
    const catalog = await services.library.catalog();
    const found: vscode.Diagnostic[] = [];
    for (const r of refs) {
      const paper = catalog.get(r.paperId);
      const pdf = await pdfTarget(r.paperId, r.sectionId, Boolean(paper && r.sectionId && catalog.section(r.paperId, r.sectionId)));
      if (pdf?.problem) {
        const d = new vscode.Diagnostic(rangeOf(r), pdf.problem, vscode.DiagnosticSeverity.Warning);
        d.source = SOURCE;
        d.code = UNKNOWN_SECTION;
        found.push(d);
      } else if (pdf) {
        continue;
      } else if (!paper) {
        const hints = catalog.suggest(r.paperId, 3);
        const d = new vscode.Diagnostic(rangeOf(r), `Unknown paper "${r.paperId}".${hints.length ? ` Did you mean ${hints.map((h) => `"${h}"`).join(', ')}?` : ''}`, vscode.DiagnosticSeverity.Warning);
        d.source = SOURCE;
        d.code = UNKNOWN_PAPER;
        found.push(d);
      } else if (r.sectionId && !catalog.section(r.paperId, r.sectionId)) {
        const d = new vscode.Diagnostic(rangeOf(r), `"${paper.meta.shortTitle}" has no section "${r.sectionId}".`, vscode.DiagnosticSeverity.Warning);
        d.source = SOURCE;
        d.code = UNKNOWN_SECTION;
        found.push(d);
      }
    }
    // The document may have been closed while the catalog loaded.
    if (ownsDiagnostics(document)) diagnostics.set(document.uri, found);
  };

  /**
   * A reference into the paper's PDF: `#page=N`, or a section the summary lacks when the paper has a PDF.
   * `problem` when it cannot be right (no PDF, a page or outline entry the PDF, as last opened, lacks).
   */
  const pdfTarget = async (paperId: string, section: string | undefined, inSummary: boolean): Promise<{ fragment: string; problem?: string; title?: string } | undefined> => {
    if (!section || inSummary) return undefined;
    const where = parsePdfFragment(section);
    const hasPdf = await services.pdfPapers.hasPdf(paperId);
    if (!where || (!hasPdf && !('page' in where))) return undefined;
    if (!hasPdf) return { fragment: section, problem: `"${paperId}" has no PDF to open at ${section} (add "pdf: <path>" to its front matter).` };
    // The outline as the extension host read it (cached per file version), else as the reader last reported it.
    const found = await services.pdfOutlines.ofPaper(paperId);
    const known = found?.outline.ok ? found.outline : services.pdfPapers.outline(paperId);
    const place = resolvePdfPlace(section, known);
    if (!place.ok) return { fragment: section, problem: `The PDF of "${paperId}": ${place.problem}` };
    return { fragment: section, ...(place.title ? { title: place.page && !('page' in place.target) ? `${place.title} (p. ${place.page})` : place.title } : {}) };
  };

  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const schedule = (document: vscode.TextDocument): void => {
    if (!ownsDiagnostics(document)) return;
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(key, setTimeout(() => {
      pending.delete(key);
      void validate(document);
    }, 300));
  };

  context.subscriptions.push(
    diagnostics,
    { dispose: () => pending.forEach((t) => clearTimeout(t)) },
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(pending.get(d.uri.toString()));
      pending.delete(d.uri.toString());
      diagnostics.delete(d.uri);
    }),
    services.library.onDidChange(() => vscode.workspace.textDocuments.forEach(schedule)),
    services.pdfPapers.onDidLearn(() => vscode.workspace.textDocuments.forEach(schedule)),

    vscode.languages.registerDocumentLinkProvider(editableDocuments(), {
      async provideDocumentLinks(document) {
        const refs = references(document);
        if (!refs.length) return [];
        const catalog = await services.library.catalog();
        const links: vscode.DocumentLink[] = [];
        for (const r of refs) {
          const pdf = await pdfTarget(r.paperId, r.sectionId, Boolean(r.sectionId && catalog.section(r.paperId, r.sectionId)));
          if (!pdf || pdf.problem) continue;
          const args = encodeURIComponent(JSON.stringify([r.paperId, pdf.fragment]));
          const link = new vscode.DocumentLink(rangeOf(r), vscode.Uri.parse(`command:paperLens.openPdf?${args}`));
          link.tooltip = `Open the PDF of ${catalog.get(r.paperId)?.meta.shortTitle ?? r.paperId} at ${pdf.title ?? pdf.fragment.replace('=', ' ')}`;
          links.push(link);
        }
        const pdfLinked = new Set(links.map((l) => l.range.start.line * 1e6 + l.range.start.character));
        return [...links, ...refs.filter((r) => catalog.get(r.paperId) && !pdfLinked.has((r.line - 1) * 1e6 + r.column)).map((r) => {
          const section = r.sectionId && catalog.section(r.paperId, r.sectionId) ? r.sectionId : undefined;
          const args = encodeURIComponent(JSON.stringify(section ? [r.paperId, section] : [r.paperId]));
          const link = new vscode.DocumentLink(rangeOf(r), vscode.Uri.parse(`command:paperLens.openPaper?${args}`));
          link.tooltip = `Open ${catalog.get(r.paperId)?.meta.shortTitle}${section ? ` › ${catalog.section(r.paperId, section)?.title}` : ''}`;
          return link;
        })];
      },
    }),

    vscode.languages.registerCodeActionsProvider(editableDocuments(), {
      async provideCodeActions(document, _range, ctx) {
        const ours = ctx.diagnostics.filter((d) => d.source === SOURCE);
        if (!ours.length) return [];
        const catalog = await services.library.catalog();
        const actions: vscode.CodeAction[] = [];
        for (const d of ours) {
          const text = document.getText(d.range);
          const m = /^paper:([^#\s]+)(?:#(\S+))?$/.exec(text);
          if (!m) continue;
          const [, paperId, sectionId] = m;
          const candidates: string[] = d.code === UNKNOWN_PAPER
            ? catalog.suggest(paperId, 3).map((id) => referenceText(id, sectionId && catalog.section(id, sectionId) ? sectionId : undefined))
            : (catalog.get(paperId)?.sections ?? [])
              .map((s) => ({ id: s.id, dist: editDistance(sectionId ?? '', s.id) }))
              .sort((a, b) => a.dist - b.dist)
              .slice(0, 3)
              .map((s) => referenceText(paperId, s.id));
          candidates.forEach((replacement, i) => {
            const action = new vscode.CodeAction(`Change to ${replacement}`, vscode.CodeActionKind.QuickFix);
            action.diagnostics = [d];
            action.isPreferred = i === 0;
            action.edit = new vscode.WorkspaceEdit();
            action.edit.replace(document.uri, d.range, replacement);
            actions.push(action);
          });
        }
        return actions;
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),

    vscode.languages.registerCompletionItemProvider(editableDocuments(), {
      async provideCompletionItems(document, position) {
        const before = document.lineAt(position.line).text.slice(0, position.character);
        const m = /(?<![\w-])paper:([A-Za-z0-9](?:[\w.-]{0,62}[A-Za-z0-9])?)#([\w.=-]*)$/.exec(before);
        if (!m) return undefined;
        const catalog = await services.library.catalog();
        const paper = catalog.get(m[1]);
        if (!paper) return undefined;
        const range = new vscode.Range(position.line, position.character - m[2].length, position.line, position.character);
        const items = paper.sections.map((s, i) => {
          const item = new vscode.CompletionItem({ label: s.id, description: s.title }, vscode.CompletionItemKind.Reference);
          item.range = range;
          item.sortText = `a${String(i).padStart(5, '0')}`;
          item.detail = vscode.l10n.t('Section of the summary');
          return item;
        });
        // A user paper with a PDF also offers its outline (read in the extension host, cached per file version).
        const found = paper.collection ? undefined : await services.pdfOutlines.ofPaper(paper.meta.id);
        if (found?.outline.ok) {
          const summaryIds = new Set(paper.sections.map((s) => s.id));
          found.outline.sections.filter((s) => s.page && !summaryIds.has(s.id) && parsePdfFragment(s.id)).forEach((s, i) => {
            const item = new vscode.CompletionItem({ label: s.id, description: s.page ? vscode.l10n.t('{0} (PDF, p. {1})', s.title, s.page) : vscode.l10n.t('{0} (PDF)', s.title) }, vscode.CompletionItemKind.Reference);
            item.range = range;
            item.sortText = `b${String(i).padStart(5, '0')}`;
            item.detail = vscode.l10n.t('Section of the PDF\'s outline');
            items.push(item);
          });
        }
        return items;
      },
    }, '#'),

    vscode.commands.registerCommand('paperLens.insertPaperReference', insertReferenceHandler(services, {
      title: vscode.l10n.t('Insert Paper Reference'),
      requireSection: false,
      noEditorMessage: 'open a file to insert a paper reference into.',
    })),
  );
  vscode.workspace.textDocuments.forEach(schedule);
}

/**
 * Documents a user edits: files on disk, untitled ones, and those of a virtual workspace (its folders'
 * schemes, e.g. `vscode-vfs` on github.dev) — not output channels, diff bases or other read-only views.
 */
function editableDocuments(): vscode.DocumentFilter[] {
  const schemes = new Set(['file', 'untitled', ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme)]);
  return [...schemes].map((scheme) => ({ scheme }));
}
