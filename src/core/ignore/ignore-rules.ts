/**
 * A subset of .gitignore semantics, enough to keep build output, vendored code and data out of scans:
 * `#` comments, `!` negation, leading `/` anchoring, trailing `/` for folders, `*`, `?`, `**` and `[…]`.
 * Patterns become regexes whose repetitions cannot overlap (`[^/]*` never crosses a slash), so matching
 * stays linear in the path length.
 */
export class IgnoreRules {
  private readonly _rules: { re: RegExp; negate: boolean; dirOnly: boolean }[] = [];

  /** Folders no scan should enter, whatever the ignore files say. */
  static readonly ALWAYS = ['.git', 'node_modules', '.hg', '.svn', '__pycache__', '.venv', '.mypy_cache', '.pytest_cache', '.ipynb_checkpoints'];

  constructor(patterns: readonly string[] = []) {
    for (const p of patterns) this.add(p);
  }

  /** Parses the text of a .gitignore file (patterns relative to its folder). */
  static fromGitignore(text: string): IgnoreRules {
    return new IgnoreRules(text.split(/\r?\n/));
  }

  add(pattern: string): void {
    let p = pattern.replace(/\s+$/, '');
    if (!p || p.startsWith('#')) return;
    let negate = false;
    if (p.startsWith('!')) {
      negate = true;
      p = p.slice(1);
    } else if (p.startsWith('\\!') || p.startsWith('\\#')) {
      p = p.slice(1);
    }
    const dirOnly = p.endsWith('/');
    if (dirOnly) p = p.slice(0, -1);
    const anchored = p.includes('/') && !p.startsWith('**/');
    if (p.startsWith('/')) p = p.slice(1);
    if (!p) return;
    const body = globToRegex(p);
    this._rules.push({ re: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`), negate, dirOnly });
  }

  /**
   * Whether a path (relative, `/`-separated) is ignored. `isDir` says whether the path is a folder.
   * Callers walk top-down and do not descend into ignored folders, as git does.
   */
  ignores(relPath: string, isDir: boolean): boolean {
    const name = relPath.slice(relPath.lastIndexOf('/') + 1);
    if (isDir && IgnoreRules.ALWAYS.includes(name)) return true;
    let ignored = false;
    for (const rule of this._rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.negate === ignored && rule.re.test(relPath)) ignored = !rule.negate;
    }
    return ignored;
  }
}

/** Translates one glob to a regex source; `**` spans folders, `*` and `?` do not. */
export function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) {
        out += '\\[';
      } else {
        const cls = glob.slice(i + 1, end).replace(/\\/g, '\\\\').replace(/^!/, '^');
        out += `[${cls}]`;
        i = end;
      }
    } else {
      out += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  return out;
}
