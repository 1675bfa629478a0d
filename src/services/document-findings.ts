import * as vscode from 'vscode';
import type { Finding } from '../core/detect/index';
import type { UserRuleSet } from '../core/detect/user-rules';
import type { PaperCatalog } from '../core/papers/catalog';
import { Disposable } from '../util/dispose';
import { detectorFileName, detectorSettings, type DetectorSettings } from './detector-settings';
import { IndexCache } from './index-cache';
import { loadDetector } from './lazy-loader';
import type { PaperLibrary } from './paper-library';

const MAX_CACHED_DOCUMENTS = 64;

/** What findings depend on besides the text: the settings, and the user papers' rules as text and as a matcher. */
interface DetectContext {
  settings: DetectorSettings;
  /** Settings and rules as one string: the key of the persisted index and of the per-version cache. */
  options: string;
  rules: UserRuleSet | undefined;
}

/**
 * The one owner of "the findings of this document or file at this version", asked by the code lenses and
 * by the workspace index alike, so the detector runs once per document version whoever asks first.
 *
 * Which source wins, in this order: a document's findings at its version and settings, once computed; for a
 * document that is not dirty, or a file that is not open, the persisted index's record when the file's size,
 * mtime and options match it (no detection at all: the first lens of a new window on an unchanged file);
 * else the detector on the document's text (or the file's bytes when it is not open). A dirty document's
 * findings always come from its own text: the persisted index describes the file on disk.
 */
export class DocumentFindings extends Disposable {
  private readonly _byDocument = new Map<string, { version: number; options: string; findings: Promise<Finding[]> }>();
  private _rulesKey?: { catalog: Promise<PaperCatalog> | undefined; key: Promise<string> };
  private readonly _detectCounts = new Map<string, number>();
  /** The workspace index kept from one window to the next; the index's scans fill it, lookups here read it. */
  readonly persisted: IndexCache;

  constructor(
    private readonly _extensionUri: vscode.Uri,
    private readonly _library?: PaperLibrary,
    storageUri?: vscode.Uri,
  ) {
    super();
    this.persisted = new IndexCache(storageUri, _extensionUri);
    this._register(vscode.workspace.onDidCloseTextDocument((d) => this._byDocument.delete(d.uri.toString())));
  }

  /** How many times the detector ran in this window, on one file or on all (the integration tests count them). */
  detectCount(uri?: vscode.Uri): number {
    if (uri) return this._detectCounts.get(uri.toString()) ?? 0;
    let n = 0;
    for (const c of this._detectCounts.values()) n += c;
    return n;
  }

  /** Findings of an open document at its current version, the settings of its scope and the library's current rules. */
  async ofDocument(document: vscode.TextDocument): Promise<Finding[]> {
    const context = await this._context(document);
    return this._ofDocument(document, context);
  }

  /**
   * Findings of a workspace file for the index's scans and watcher: from its open document when there is one,
   * else from the persisted record or its bytes on disk; `[]` when larger than the size limit, `undefined`
   * when it cannot be read (deleted meanwhile). What is found for the file on disk is recorded in the
   * persisted index.
   */
  async ofFile(uri: vscode.Uri): Promise<Finding[] | undefined> {
    try {
      const [context, stat] = await Promise.all([this._context(uri), vscode.workspace.fs.stat(uri)]);
      if (stat.size > context.settings.maxFileSize) return [];
      const key = uri.toString();
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      // Findings of unsaved text are never kept for the next window: they do not match the file's mtime.
      const onDisk = !open?.isDirty;
      const kept = onDisk ? this.persisted.lookup(key, stat.size, stat.mtime, context.options) : undefined;
      if (kept) return kept;
      const found = open
        ? await this._ofDocument(open, context)
        : this._detect(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), uri.path, context);
      if (onDisk) this.persisted.record(key, stat.size, stat.mtime, context.options, found);
      return found;
    } catch {
      return undefined;
    }
  }

  private _ofDocument(document: vscode.TextDocument, context: DetectContext): Promise<Finding[]> {
    const key = document.uri.toString();
    const hit = this._byDocument.get(key);
    if (hit?.version === document.version && hit.options === context.options) return hit.findings;
    const version = document.version;
    const text = document.getText();
    const findings = (document.isDirty ? Promise.resolve(undefined) : this._persistedFindings(document.uri, context.options))
      .then((kept) => kept ?? this._detect(document.uri, text, detectorFileName(document), context));
    this._byDocument.delete(key);
    this._byDocument.set(key, { version, options: context.options, findings });
    if (this._byDocument.size > MAX_CACHED_DOCUMENTS) this._byDocument.delete(this._byDocument.keys().next().value as string);
    return findings;
  }

  /** The persisted record's findings of a saved document when the file on disk still matches it. */
  private async _persistedFindings(uri: vscode.Uri, options: string): Promise<Finding[] | undefined> {
    try {
      const [stat] = await Promise.all([vscode.workspace.fs.stat(uri), this.persisted.load()]);
      return this.persisted.peek(uri.toString(), stat.size, stat.mtime, options);
    } catch {
      return undefined; // untitled, virtual without stat, deleted: detect the text
    }
  }

  private async _context(scope: vscode.TextDocument | vscode.Uri): Promise<DetectContext> {
    const settings = detectorSettings(scope);
    // Lenses of the built-in detector must not depend on the user papers loading.
    const [rules, rulesKey] = await Promise.all([this._library?.detectRules().catch(() => undefined), this._rulesSignature()]);
    const options = JSON.stringify([settings.techniques, settings.disabledTechniques, settings.maxFileSize, rulesKey]);
    return { settings, options, rules };
  }

  /** The user papers' `detect:` rules as text (once per load of the library): findings are valid only for the same rules. */
  private _rulesSignature(): Promise<string> {
    const catalog = this._library?.catalog();
    if (!this._rulesKey || this._rulesKey.catalog !== catalog) {
      const key = (catalog ?? Promise.resolve(undefined)).catch(() => undefined)
        .then((c) => JSON.stringify(c?.all().filter((p) => p.detect?.length).map((p) => [p.meta.id, p.detect]) ?? []));
      this._rulesKey = { catalog, key };
    }
    return this._rulesKey.key;
  }

  private _detect(uri: vscode.Uri, text: string, fileName: string, { settings, rules }: DetectContext): Finding[] {
    const key = uri.toString();
    this._detectCounts.set(key, (this._detectCounts.get(key) ?? 0) + 1);
    const detector = loadDetector(this._extensionUri);
    const { findings } = detector.detect(text, fileName, { maxBytes: settings.maxFileSize, techniques: settings.techniques });
    if (rules?.size) {
      findings.push(...detector.detectUserRules(text, fileName, rules, { maxBytes: settings.maxFileSize, disabled: settings.disabledTechniques }));
      findings.sort((a, b) => a.line - b.line);
    }
    return findings;
  }
}
