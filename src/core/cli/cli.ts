import type { PaperCatalog } from '../papers/catalog';
import { MONTH_NAMES } from '../papers/paper';

/** Where the CLI writes; the real one wraps process.stdout/stderr, tests collect strings. */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

/** Exit codes: 0 ran, 2 bad arguments or unknown id. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

const USAGE = [
  'Usage: paper-lens <command> [arguments]',
  '',
  'Commands:',
  '  list           list the papers in the library (id, month, title, arXiv)',
  '  show <id>      print the sections of a paper summary',
  '  help           show this help',
].join('\n');

/** Runs the `paper-lens` command line over a catalog and returns the exit code. */
export function runCli(argv: readonly string[], catalog: PaperCatalog, io: CliIO): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'list':
      if (rest.length) return usageError(io, `"list" takes no arguments, got "${rest.join(' ')}"`);
      return list(catalog, io);
    case 'show':
      if (rest.length !== 1) return usageError(io, '"show" takes exactly one paper id, e.g. paper-lens show dora');
      return show(catalog, rest[0], io);
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
  io.out(`arXiv ${m.arxiv || '-'} · ${m.published || monthName(m.month)} · https://arxiv.org/abs/${m.arxiv}`);
  for (const s of paper.sections) {
    io.out('');
    io.out(`${'#'.repeat(s.depth)} ${s.title}  [#${s.id}]`);
    if (s.text) io.out(s.text);
  }
  return EXIT_OK;
}

function monthName(month: number): string {
  return MONTH_NAMES[month - 1] ?? String(month);
}
