/** Line-comment syntax per VS Code language id, for inserting `paper:` references. */
const LINE: Record<string, string> = {
  python: '#', yaml: '#', shellscript: '#', r: '#', ruby: '#', perl: '#', toml: '#', dockerfile: '#', makefile: '#',
  powershell: '#', julia: '#', properties: '#',
  typescript: '//', typescriptreact: '//', javascript: '//', javascriptreact: '//', rust: '//', c: '//', cpp: '//',
  'cuda-cpp': '//', java: '//', go: '//', csharp: '//', swift: '//', kotlin: '//', scala: '//', php: '//', dart: '//', jsonc: '//',
  lua: '--', sql: '--', haskell: '--',
  latex: '%', tex: '%', matlab: '%',
};
const BLOCK: Record<string, [string, string]> = {
  markdown: ['<!--', '-->'], html: ['<!--', '-->'], xml: ['<!--', '-->'], css: ['/*', '*/'], scss: ['/*', '*/'], less: ['/*', '*/'],
};

/** Languages whose files cannot hold a comment at all. */
const NO_COMMENTS = new Set(['json', 'jsonl', 'snippets']);

/**
 * A comment holding `text` in the given language: a line comment where there is one, a block comment
 * otherwise, `#` for languages we do not know; `undefined` for languages without comments (JSON).
 */
export function commentFor(languageId: string, text: string): string | undefined {
  if (NO_COMMENTS.has(languageId)) return undefined;
  const line = LINE[languageId];
  if (line) return `${line} ${text}`;
  const block = BLOCK[languageId];
  return block ? `${block[0]} ${text} ${block[1]}` : `# ${text}`;
}

/** `paper:<id>` or `paper:<id>#<section>`. */
export function referenceText(paperId: string, sectionId?: string): string {
  return `paper:${paperId}${sectionId ? `#${sectionId}` : ''}`;
}

/**
 * The line to insert above `lineText` so a reference comment lines up with the code it is about;
 * `undefined` when the language has no comments.
 */
export function referenceLine(languageId: string, lineText: string, paperId: string, sectionId?: string): string | undefined {
  const indent = /^\s*/.exec(lineText)?.[0] ?? '';
  const comment = commentFor(languageId, referenceText(paperId, sectionId));
  return comment === undefined ? undefined : `${indent}${comment}\n`;
}
