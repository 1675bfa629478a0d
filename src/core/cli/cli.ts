import type { PaperCatalog } from '../papers/catalog';
import { MONTH_NAMES } from '../papers/paper';
import { UserRuleSet } from '../detect/user-rules';
import { buildReport, reportMarkdown } from './report';
import { toSarif } from './sarif';
import { collectFiles, scanFiles, type ScanEntry, type ScanFs, type ScanOptions, type ScanResult } from './scan';
import { languageOf } from '../detect/index';
import { userRulesReadable } from '../detect/user-rules';

/** Where the CLI writes and reads; the real one wraps process.stdout/stderr and Node's fs. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** Needed by `scan` and `report`. */
  fs?: ScanFs;
  /** The tool's version, written into SARIF output. */
  version?: string;
  /**
   * Runs the built-in detector over collected files somewhere else (the CLI: across worker threads) and
   * resolves to what {@link scanFiles} would return, in the same order. Not used with user rules.
   */
  scanFiles?(files: readonly ScanEntry[], options: ScanOptions): Promise<ScanResult>;
  /** Like {@link scanFiles}, but fed each file as the walk finds it, so scanning overlaps the walk. */
  startScan?(options: ScanOptions): { add(file: ScanEntry): void; finish(): Promise<ScanResult> };
}

/** Default size limit of `scan` (bytes). */
export const SCAN_MAX_BYTES = 1_000_000;

/** Exit codes: 0 ran, 2 bad arguments or unknown id. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

const USAGE = [
  'Usage: paper-lens <command> [arguments]',
  '',
  'Commands:',
  '  list           list the papers in the library (id, month, title, arXiv)',
  '  show <id>      print the sections of a paper summary',
  '  scan [paths…] [--json | --format text|json|sarif] [--max-bytes N]',
  '                 find LoRA, DoRA, MoE, DPO, PPO and LR re-warming code in files and folders, plus the',
  '                 code that your own papers\' detect: rules describe (.paper-lens/papers/*.md)',
  '                 (default: the current folder; .gitignore is respected; binary and large files are skipped)',
  '  report [paths…] [--markdown | --json] [--max-bytes N]',
  '                 per paper and section, the files and lines that implement it (Markdown for a pull request)',
  '  help           show this help',
].join('\n');

/** Runs the `paper-lens` command line over a catalog and resolves to the exit code. */
export async function runCli(argv: readonly string[], catalog: PaperCatalog, io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'list':
      if (rest.length) return usageError(io, `"list" takes no arguments, got "${rest.join(' ')}"`);
      return list(catalog, io);
    case 'show':
      if (rest.length !== 1) return usageError(io, '"show" takes exactly one paper id, e.g. paper-lens show dora');
      return show(catalog, rest[0], io);
    case 'scan':
      return scan(catalog, rest, io);
    case 'report':
      return report(catalog, rest, io);
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return EXIT_OK;
    case undefined:
      return usageError(io, 'no command given');
    default:
      return usageError(io, `unknown command "${command}"`);
  }
}

function usageError(io: CliIO, message: string): number {
  io.err(`paper-lens: ${message}\n\n${USAGE}`);
  return EXIT_USAGE;
}

function list(catalog: PaperCatalog, io: CliIO): number {
  const papers = catalog.all();
  const idWidth = Math.max(2, ...papers.map((p) => p.meta.id.length));
  const monthWidth = Math.max(...papers.map((p) => monthName(p.meta.month).length), 5);
  io.out(`${'ID'.padEnd(idWidth)}  ${'MONTH'.padEnd(monthWidth)}  ${'ARXIV'.padEnd(10)}  TITLE`);
  for (const p of papers) {
    io.out(`${p.meta.id.padEnd(idWidth)}  ${monthName(p.meta.month).padEnd(monthWidth)}  ${(p.meta.arxiv || '-').padEnd(10)}  ${p.meta.title}`);
  }
  return EXIT_OK;
}

function show(catalog: PaperCatalog, id: string, io: CliIO): number {
  const paper = catalog.get(id);
  if (!paper) {
    const hints = catalog.suggest(id);
    io.err(`paper-lens: unknown paper id "${id}".${hints.length ? ` Did you mean: ${hints.join(', ')}?` : ''} Run "paper-lens list" to see all ids.`);
    return EXIT_USAGE;
  }
  const m = paper.meta;
  io.out(m.title);
  io.out(`${m.authors.join(', ')}${m.organization ? ` (${m.organization})` : ''}`);
  io.out(`${m.published || monthName(m.month)}${m.arxiv ? ` · arXiv ${m.arxiv} · https://arxiv.org/abs/${m.arxiv}` : ''}`);
  for (const s of paper.sections) {
    io.out('');
    io.out(`${'#'.repeat(s.depth)} ${s.title}  [#${s.id}]`);
    if (s.text) io.out(s.text);
  }
  return EXIT_OK;
}

/** Reads the paths and options shared by `scan` and `report`, runs the scan, and says what went wrong. */
async function runScan(catalog: PaperCatalog, args: readonly string[], io: CliIO, formats: Record<string, string>, fallback: string): Promise<{ result: ScanResult; format: string } | number> {
  const fs = io.fs;
  if (!fs) return usageError(io, 'scanning is not available here');
  const paths: string[] = [];
  let format = fallback;
  let maxBytes = SCAN_MAX_BYTES;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (formats[a]) format = formats[a];
    else if (a === '--format' && formats[`--${args[i + 1]}`]) format = formats[`--${args[++i]}`];
    else if (a === '--format') return usageError(io, `--format takes one of ${Object.keys(formats).map((f) => f.slice(2)).join(', ')}`);
    else if (a === '--max-bytes') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n <= 0) return usageError(io, '--max-bytes takes a positive whole number of bytes');
      maxBytes = n;
    } else if (a.startsWith('-')) return usageError(io, `unknown option "${a}"`);
    else paths.push(a);
  }
  if (!paths.length) paths.push('.');
  const missing = paths.filter((p) => !fs.stat(p));
  if (missing.length) return usageError(io, `no such file or folder: ${missing.join(', ')}`);
  const withRules = catalog.all().filter((p) => p.detect?.length || p.detectProblems?.length);
  // A paper's broken rule is the user's to fix: say where, and scan with the rules that are valid.
  for (const p of withRules) for (const problem of p.detectProblems ?? []) io.err(`paper-lens: paper "${p.meta.id}", line ${problem.line}: ${problem.message}`);
  const userRules = new UserRuleSet(withRules.map((p) => ({ paper: p.meta.id, rules: p.detect ?? [] })));
  const options: ScanOptions = { maxBytes, userRules };
  const job = userRules.size ? undefined : io.startScan?.(options);
  const { files, skipped } = collectFiles(paths, fs, [], userRules.size ? userRulesReadable : languageOf, job && ((f) => job.add(f)));
  const result = job ? await job.finish() : io.scanFiles && !userRules.size ? await io.scanFiles(files, options) : scanFiles(files, fs, options);
  result.skipped.unshift(...skipped);
  return { result, format };
}

async function report(catalog: PaperCatalog, args: readonly string[], io: CliIO): Promise<number> {
  const ran = await runScan(catalog, args, io, { '--markdown': 'markdown', '--json': 'json' }, 'markdown');
  if (typeof ran === 'number') return ran;
  const r = buildReport(ran.result, catalog);
  io.out(ran.format === 'json' ? JSON.stringify(r) : reportMarkdown(r).trimEnd());
  return EXIT_OK;
}

async function scan(catalog: PaperCatalog, args: readonly string[], io: CliIO): Promise<number> {
  const ran = await runScan(catalog, args, io, { '--text': 'text', '--json': 'json', '--sarif': 'sarif' }, 'text');
  if (typeof ran === 'number') return ran;
  const { result, format } = ran;
  if (format === 'json') {
    io.out(JSON.stringify({ findings: result.findings, skipped: result.skipped, filesScanned: result.filesScanned }));
    return EXIT_OK;
  }
  if (format === 'sarif') {
    io.out(JSON.stringify(toSarif(result, catalog, io.version)));
    return EXIT_OK;
  }
  const rows = result.findings.map((f) => {
    const paper = catalog.get(f.paper);
    const section = catalog.section(f.paper, f.section);
    return [`${f.file}:${f.line}`, f.technique, `${paper?.meta.shortTitle ?? f.paper} › ${section?.title ?? f.section}`];
  });
  const w0 = Math.max(4, ...rows.map((r) => r[0].length));
  const w1 = Math.max(9, ...rows.map((r) => r[1].length));
  if (rows.length) io.out(`${'FILE:LINE'.padEnd(w0)}  ${'TECHNIQUE'.padEnd(w1)}  PAPER › SECTION`);
  for (const r of rows) io.out(`${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`);
  const skipped = result.skipped.length ? `, ${result.skipped.length} skipped (${result.skipped.slice(0, 3).map((s) => `${s.file}: ${s.reason}`).join('; ')}${result.skipped.length > 3 ? '; …' : ''})` : '';
  io.err(`${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} in ${result.filesScanned} file${result.filesScanned === 1 ? '' : 's'}${skipped}`);
  return EXIT_OK;
}

function monthName(month: number): string {
  return month ? MONTH_NAMES[month - 1] ?? String(month) : '-';
}
