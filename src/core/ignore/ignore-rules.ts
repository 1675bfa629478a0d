/**
 * The one policy for which files a scan reads, shared by the command line, the extension's full scans and
 * its file-watcher events: `.gitignore` files at any depth (gitignore semantics from the `ignore` package,
 * which ESLint and Prettier use), VS Code's `files.exclude` and `search.exclude` globs, and folders no scan
 * should enter (version control, dependencies, caches, Python virtual environments and `site-packages`).
 */
import ignore, { type Ignore } from 'ignore';

/** Folders no scan enters, whatever the ignore files say. */
export const DEFAULT_EXCLUDED_FOLDERS: readonly string[] = [
  '.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv', 'venv', 'site-packages', '.tox', '.mypy_cache', '.pytest_cache', '.ipynb_checkpoints',
];

/** The file that marks a Python virtual environment (`python -m venv`, virtualenv, uv), whatever its name. */
export const VIRTUAL_ENV_MARKER = 'pyvenv.cfg';

/**
 * Which paths a scan of one root skips. Paths are relative to the root, `/`-separated; callers walk
 * top-down and do not descend into an ignored folder, as git does, or ask {@link ignoresPath}, which checks
 * every ancestor folder too.
 */
export class IgnorePolicy {
  /** `.gitignore` rules by the folder they are in ('' for the root), shallow first. */
  private readonly _gitignores: { prefix: string; rules: Ignore }[] = [];
  private readonly _globs: Ignore = ignore();
  private readonly _excludedFolders = new Set<string>();

  /** `globs` are VS Code glob patterns relative to the root (the keys of `files.exclude` set to `true`). */
  constructor(globs: Iterable<string> = []) {
    for (const g of globs) this.addGlob(g);
  }

  /** Adds the text of the `.gitignore` file in folder `dir` ('' for the root). */
  addGitignore(dir: string, text: string): void {
    const prefix = dir ? `${trimSlashes(dir)}/` : '';
    const entry = { prefix, rules: ignore().add(text) };
    const at = this._gitignores.findIndex((g) => g.prefix.length > prefix.length);
    if (at < 0) this._gitignores.push(entry);
    else this._gitignores.splice(at, 0, entry);
  }

  /** Adds one VS Code glob (`**` any depth, `{a,b}` alternatives; without a `/` it matches at the root only). */
  addGlob(glob: string): void {
    for (const g of expandBraces(glob.trim())) {
      if (!g) continue;
      const p = trimSlashes(g.replace(/\\/g, '/')).replace(/\/\*\*$/, '');
      // A glob names a path from the root; in gitignore syntax that is an anchored pattern.
      this._globs.add(p.startsWith('**/') || p === '**' ? p : `/${p}`);
    }
  }

  /** Marks one folder as excluded, e.g. a virtual environment found by its {@link VIRTUAL_ENV_MARKER}. */
  excludeFolder(dir: string): void {
    this._excludedFolders.add(trimSlashes(dir));
  }

  /** Whether `relPath` itself is skipped; its ancestors are assumed to be entered already. */
  ignores(relPath: string, isDir: boolean): boolean {
    const rel = trimSlashes(relPath);
    if (!rel) return false;
    if (isDir && (DEFAULT_EXCLUDED_FOLDERS.includes(rel.slice(rel.lastIndexOf('/') + 1)) || this._excludedFolders.has(rel))) return true;
    const asked = isDir ? `${rel}/` : rel;
    if (this._globs.ignores(asked) || (isDir && this._globs.ignores(rel))) return true;
    // The deepest .gitignore that has a say wins, so a nested `!pattern` can re-include a file.
    let ignored = false;
    for (const g of this._gitignores) {
      if (!rel.startsWith(g.prefix)) continue;
      const r = g.rules.test(asked.slice(g.prefix.length));
      if (r.ignored) ignored = true;
      else if (r.unignored) ignored = false;
    }
    return ignored;
  }

  /** Whether a file (or folder) is skipped, counting every folder above it. */
  ignoresPath(relPath: string, isDir = false): boolean {
    const parts = trimSlashes(relPath).split('/');
    for (let i = 1; i < parts.length; i++) if (this.ignores(parts.slice(0, i).join('/'), true)) return true;
    return this.ignores(parts.join('/'), isDir);
  }
}

/** The patterns of a VS Code exclude setting (`{ "**\/out": true, "x": { "when": … } }`) that are on. */
export function enabledGlobs(setting: Record<string, unknown> | undefined): string[] {
  return Object.entries(setting ?? {}).filter(([, on]) => on === true).map(([g]) => g);
}

function trimSlashes(p: string): string {
  return p.replace(/^\.?\/+|\/+$/g, '');
}

/** `a/{b,c}/*.{js,map}` → four globs; gitignore syntax has no braces. Unbalanced braces stay as they are. */
function expandBraces(glob: string, depth = 0): string[] {
  const open = glob.indexOf('{');
  if (open < 0 || depth > 4) return [glob];
  let level = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '{') level++;
    else if (glob[i] === '}' && --level === 0) {
      const inner = glob.slice(open + 1, i);
      const alternatives: string[] = [];
      let start = 0;
      let nested = 0;
      for (let j = 0; j <= inner.length; j++) {
        if (j === inner.length || (inner[j] === ',' && nested === 0)) {
          alternatives.push(inner.slice(start, j));
          start = j + 1;
        } else if (inner[j] === '{') nested++;
        else if (inner[j] === '}') nested--;
      }
      return alternatives.flatMap((alt) => expandBraces(glob.slice(0, open) + alt + glob.slice(i + 1), depth + 1));
    }
  }
  return [glob];
}
