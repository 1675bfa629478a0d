#!/usr/bin/env node
// Localization: every user-facing string of package.json lives in package.nls.json, and every message,
// title, prompt and placeholder in code goes through vscode.l10n.t with its English text in
// l10n/bundle.l10n.json. `node test/tools/l10n.mjs --write` moves new strings there; `--check` (and the
// unit test) lists what is not localized.
import { readFileSync, writeFileSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const MESSAGE_CALLS = new Set(['showErrorMessage', 'showWarningMessage', 'showInformationMessage', 'setStatusBarMessage']);
const TEXT_PROPERTIES = new Set(['title', 'placeHolder', 'placeholder', 'prompt']);
const CODE_DIRS = ['src/features', 'src/services'];

/** The user-facing fields of package.json, as [object, key, nls key] triples. */
function manifestFields(pkg) {
  const out = [];
  const add = (obj, key, id) => { if (obj && typeof obj[key] === 'string') out.push([obj, key, id]); };
  add(pkg, 'displayName', 'displayName');
  add(pkg, 'description', 'description');
  const c = pkg.contributes ?? {};
  for (const cmd of c.commands ?? []) {
    add(cmd, 'title', `command.${cmd.command.replace(/^paperLens\./, '')}.title`);
    if (cmd.category === 'Paper Lens' || cmd.category === '%category%') add(cmd, 'category', 'category');
    add(cmd, 'shortTitle', `command.${cmd.command.replace(/^paperLens\./, '')}.shortTitle`);
  }
  for (const [i, vc] of (c.viewsContainers?.activitybar ?? []).entries()) add(vc, 'title', `viewsContainer.${vc.id ?? i}.title`);
  for (const views of Object.values(c.views ?? {})) for (const v of views) { add(v, 'name', `view.${v.id}.name`); add(v, 'contextualTitle', `view.${v.id}.contextualTitle`); }
  for (const [i, w] of (c.viewsWelcome ?? []).entries()) add(w, 'contents', `viewsWelcome.${i}.contents`);
  const conf = Array.isArray(c.configuration) ? c.configuration : c.configuration ? [c.configuration] : [];
  for (const [i, cf] of conf.entries()) {
    add(cf, 'title', `configuration.${i}.title`);
    for (const [name, prop] of Object.entries(cf.properties ?? {})) {
      const base = `config.${name.replace(/^paperLens\./, '')}`;
      add(prop, 'description', `${base}.description`);
      add(prop, 'markdownDescription', `${base}.markdownDescription`);
      if (Array.isArray(prop.enumDescriptions)) prop.enumDescriptions.forEach((_, j) => add(prop.enumDescriptions, j, `${base}.enumDescriptions.${j}`));
      if (Array.isArray(prop.markdownEnumDescriptions)) prop.markdownEnumDescriptions.forEach((_, j) => add(prop.markdownEnumDescriptions, j, `${base}.markdownEnumDescriptions.${j}`));
    }
  }
  for (const w of c.walkthroughs ?? []) {
    add(w, 'title', `walkthrough.${w.id}.title`);
    add(w, 'description', `walkthrough.${w.id}.description`);
    for (const s of w.steps ?? []) { add(s, 'title', `walkthrough.${w.id}.${s.id}.title`); add(s, 'description', `walkthrough.${w.id}.${s.id}.description`); }
  }
  for (const e of c.customEditors ?? []) add(e, 'displayName', `customEditor.${e.viewType}.displayName`);
  return out;
}

function codeFiles() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  for (const d of CODE_DIRS) walk(join(root, d));
  return files;
}

const isText = (n) => ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n);

/** Text nodes in a source file that should be localized and are not. */
function unlocalized(source) {
  const found = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MESSAGE_CALLS.has(node.expression.name.text)
      && node.arguments[0] && isText(node.arguments[0])) found.push(node.arguments[0]);
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && TEXT_PROPERTIES.has(node.name.text) && isText(node.initializer)) found.push(node.initializer);
    // quickPick.title = '…', inputBox.placeholder = '…'
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)
      && TEXT_PROPERTIES.has(node.left.name.text) && isText(node.right)) found.push(node.right);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `vscode.l10n.t(...)` for a string or template node, with `{0}`… for the template's expressions. */
let checker;
const PRIMITIVE = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike;
function primitive(expr) {
  const type = checker?.getTypeAtLocation(expr);
  if (!type) return false;
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((t) => (t.flags & PRIMITIVE) !== 0);
}

function toL10n(node, source) {
  if (!ts.isTemplateExpression(node)) return `vscode.l10n.t(${quote(node.text)})`;
  let text = node.head.text;
  const args = [];
  node.templateSpans.forEach((span, i) => {
    text += `{${i}}${span.literal.text}`;
    const e = span.expression;
    // l10n.t takes strings, numbers and booleans: anything else (undefined, objects) is stringified.
    args.push(primitive(e) ? e.getText(source) : `String(${e.getText(source)})`);
  });
  return `vscode.l10n.t(${quote(text)}, ${args.join(', ')})`;
}

function quote(text) {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** English strings of every `vscode.l10n.t('…')` in the code. */
function bundleStrings(files) {
  const keys = new Set();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isCallExpression(node) && node.expression.getText(source) === 'vscode.l10n.t' && node.arguments[0] && (ts.isStringLiteral(node.arguments[0]) || ts.isNoSubstitutionTemplateLiteral(node.arguments[0]))) keys.add(node.arguments[0].text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return keys;
}

/** Problems: literal strings left in package.json or code, missing nls keys or bundle entries. */
export function check() {
  const problems = [];
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
  for (const [obj, key, id] of manifestFields(pkg)) {
    const m = /^%(.+)%$/.exec(obj[key]);
    if (!m) problems.push(`package.json: "${obj[key].slice(0, 60)}" is not in package.nls.json (would be %${id}%)`);
    else if (!(m[1] in nls)) problems.push(`package.json: %${m[1]}% has no entry in package.nls.json`);
  }
  if (pkg.l10n !== './l10n') problems.push('package.json: "l10n" must be "./l10n"');
  const files = codeFiles();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const node of unlocalized(source)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      problems.push(`${file.slice(root.length + 1)}:${line + 1}: not localized: ${node.getText(source).slice(0, 70)}`);
    }
  }
  const bundle = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.json'), 'utf8'));
  for (const key of bundleStrings(files)) if (!(key in bundle)) problems.push(`l10n/bundle.l10n.json lacks "${key.slice(0, 70)}"`);
  return problems;
}

function write() {
  const pkgPath = join(root, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const nlsPath = join(root, 'package.nls.json');
  let nls = {};
  try { nls = JSON.parse(readFileSync(nlsPath, 'utf8')); } catch { /* first run */ }
  for (const [obj, key, id] of manifestFields(pkg)) {
    if (/^%.+%$/.test(obj[key])) continue;
    nls[id] = obj[key];
    obj[key] = `%${id}%`;
  }
  pkg.l10n = './l10n';
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(nlsPath, `${JSON.stringify(Object.fromEntries(Object.entries(nls).sort(([a], [b]) => a.localeCompare(b))), null, 2)}\n`);
  const files = codeFiles();
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram(config.fileNames, config.options);
  checker = program.getTypeChecker();
  for (const file of files) {
    let text = readFileSync(file, 'utf8');
    const source = program.getSourceFile(file) ?? ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const nodes = unlocalized(source).sort((a, b) => b.getStart(source) - a.getStart(source));
    for (const node of nodes) text = text.slice(0, node.getStart(source)) + toL10n(node, source) + text.slice(node.getEnd());
    if (nodes.length) {
      if (!/^import \* as vscode from 'vscode';/m.test(text)) text = `import * as vscode from 'vscode';\n${text}`;
      writeFileSync(file, text);
    }
  }
  mkdirSync(join(root, 'l10n'), { recursive: true });
  const bundle = Object.fromEntries([...bundleStrings(files)].sort().map((k) => [k, k]));
  writeFileSync(join(root, 'l10n/bundle.l10n.json'), `${JSON.stringify(bundle, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--write')) write();
  const problems = check();
  for (const p of problems) console.log(p);
  console.log(problems.length ? `${problems.length} string(s) not localized` : 'every user-facing string is localized');
  process.exit(problems.length ? 1 : 0);
}
