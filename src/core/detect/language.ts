/** Languages the detector reads. */
export type Language = 'python' | 'ipynb' | 'typescript' | 'javascript' | 'rust' | 'c' | 'cpp' | 'yaml' | 'json' | 'toml';

/** Lexer families: languages in one family share comment and string syntax. */
export type LexFamily = 'python' | 'js' | 'rust' | 'c' | 'yaml';

const BY_EXTENSION: Readonly<Record<string, Language>> = {
  py: 'python', pyi: 'python', pyw: 'python',
  ipynb: 'ipynb',
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript',
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript',
  rs: 'rust',
  c: 'c',
  h: 'cpp', hh: 'cpp', hpp: 'cpp', hxx: 'cpp', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', cu: 'cpp', cuh: 'cpp',
  yaml: 'yaml', yml: 'yaml',
  json: 'json', jsonc: 'json',
  toml: 'toml',
};

/** The last path segment of a POSIX or Windows path. */
export function baseName(fileName: string): string {
  const cut = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  return cut < 0 ? fileName : fileName.slice(cut + 1);
}

/** The language of a file from its extension, or `undefined` when the detector does not read it. */
export function languageOf(fileName: string): Language | undefined {
  const base = baseName(fileName);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return undefined;
  return BY_EXTENSION[base.slice(dot + 1).toLowerCase()];
}

/**
 * The lexer family of a language; notebooks are lexed cell by cell as Python. JSON is lexed like
 * JavaScript (its keys are strings, read as settings) and TOML like Python (`#` comments, `key = value`).
 */
export function familyOf(language: Language): LexFamily {
  switch (language) {
    case 'python':
    case 'ipynb':
    case 'toml':
      return 'python';
    case 'typescript':
    case 'javascript':
    case 'json':
      return 'js';
    case 'rust':
      return 'rust';
    case 'yaml':
      return 'yaml';
    default:
      return 'c';
  }
}
