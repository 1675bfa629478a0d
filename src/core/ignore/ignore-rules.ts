/**
 * A subset of .gitignore semantics, enough to keep build output, vendored code and data out of scans:
 * `#` comments, `!` negation, leading `/` anchoring, trailing `/` for folders, `*`, `?`, `**` and `[…]`.
 * Matching is done segment by segment with the greedy wildcard algorithm, never with a regex, so a
 * hostile pattern costs at most (pattern length × path length), never exponential time.
 */
export class IgnoreRules {
  private readonly _rules: { segments: string[]; anchored: boolean; negate: boolean; dirOnly: boolean }[] = [];

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
    // Runs of `**` collapse into one: they match the same paths.
    const segments = p.split('/').filter(Boolean).filter((s, i, all) => !(s === '**' && all[i - 1] === '**'));
    this._rules.push({ segments, anchored, negate, dirOnly });
  }

  /**
   * Whether a path (relative, `/`-separated) is ignored. `isDir` says whether the path is a folder.
   * Callers walk top-down and do not descend into ignored folders, as git does.
   */
  ignores(relPath: string, isDir: boolean): boolean {
    const parts = relPath.split('/').filter(Boolean);
    if (isDir && IgnoreRules.ALWAYS.includes(parts[parts.length - 1] ?? '')) return true;
    let ignored = false;
    for (const rule of this._rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.negate !== ignored) continue;
      const pattern = rule.anchored ? rule.segments : ['**', ...rule.segments];
      if (matchSegments(pattern, parts)) ignored = !rule.negate;
    }
    return ignored;
  }
}

/** Matches path segments against pattern segments, where `**` stands for any number of segments. */
function matchSegments(pattern: readonly string[], parts: readonly string[]): boolean {
  // reach[j]: the first i pattern segments can match the first j path segments.
  let reach = new Array<boolean>(parts.length + 1).fill(false);
  reach[0] = true;
  for (const seg of pattern) {
    const next = new Array<boolean>(parts.length + 1).fill(false);
    if (seg === '**') {
      let any = false;
      for (let j = 0; j <= parts.length; j++) {
        any ||= reach[j];
        next[j] = any;
      }
    } else {
      for (let j = 1; j <= parts.length; j++) next[j] = reach[j - 1] && matchGlob(seg, parts[j - 1]);
    }
    reach = next;
  }
  return reach[parts.length];
}

/**
 * One path segment against one glob segment (`*`, `?`, `[…]`): the greedy algorithm that remembers only
 * the last star, O(pattern × text) in the worst case.
 */
export function matchGlob(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let starG = -1;
  let starT = 0;
  while (t < text.length) {
    if (g < glob.length && glob[g] === '*') {
      starG = g++;
      starT = t;
      continue;
    }
    const step = g < glob.length ? matchOne(glob, g, text[t]) : -1;
    if (step > 0) {
      g += step;
      t++;
    } else if (starG >= 0) {
      g = starG + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}

/** If the glob token at `g` matches `c`, the token's length; else -1. */
function matchOne(glob: string, g: number, c: string): number {
  const token = glob[g];
  if (token === '?') return 1;
  if (token === '\\' && g + 1 < glob.length) return glob[g + 1] === c ? 2 : -1;
  if (token === '[') {
    const end = glob.indexOf(']', g + 2);
    if (end < 0) return c === '[' ? 1 : -1;
    let i = g + 1;
    const negate = glob[i] === '!' || glob[i] === '^';
    if (negate) i++;
    let hit = false;
    for (; i < end; i++) {
      if (glob[i + 1] === '-' && i + 2 < end) {
        if (c >= glob[i] && c <= glob[i + 2]) hit = true;
        i += 2;
      } else if (glob[i] === c) {
        hit = true;
      }
    }
    return hit !== negate ? end - g + 1 : -1;
  }
  return token === c ? 1 : -1;
}
