import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compilePaper } from '../../src/core/markdown/pipeline';
import { PaperCatalog } from '../../src/core/papers/catalog';
import type { CompiledPaper } from '../../src/core/papers/paper';
import { runCli } from '../../src/core/cli/cli';
import { buildReport, reportMarkdown } from '../../src/core/cli/report';
import { SARIF_SCHEMA, toSarif, type SarifLog } from '../../src/core/cli/sarif';
import { scanPaths, type ScanFs } from '../../src/core/cli/scan';
import { UserRuleSet } from '../../src/core/detect/user-rules';

const compile = (file: string): CompiledPaper => {
  const r = compilePaper(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${r.errors.join('; ')}`);
  return r.paper;
};
const papersDir = join(__dirname, '../../media/papers');
const workspace = join(__dirname, '../fixtures/workspace');
const tiled = compile(join(workspace, '.paper-lens/papers/tiled-attention.md'));
const catalog = new PaperCatalog([...readdirSync(papersDir).filter((f) => f.endsWith('.md')).map((f) => compile(join(papersDir, f))), tiled]);
const fs: ScanFs = {
  stat: (p) => { try { const s = statSync(p); return { isDirectory: s.isDirectory(), size: s.size }; } catch { return undefined; } },
  readDir: (p) => readdirSync(p),
  readFile: (p) => readFileSync(p),
  join,
};
const src = join(workspace, 'src');
const result = scanPaths([src], fs, { maxBytes: 1_000_000, userRules: new UserRuleSet([{ paper: 'tiled-attention', rules: tiled.detect ?? [] }]) });

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, catalog, { out: (l) => out.push(l), err: (l) => err.push(l), fs, version: '9.9.9' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('report', () => {
  const report = buildReport(result, catalog);

  it('groups every finding of the fixture workspace by paper, section and file, with counts that add up', () => {
    expect(report.findings).toBe(result.findings.length);
    expect(report.papers.reduce((n, p) => n + p.findings, 0)).toBe(result.findings.length);
    for (const p of report.papers) {
      expect(p.sections.reduce((n, s) => n + s.findings, 0)).toBe(p.findings);
      for (const s of p.sections) {
        const here = result.findings.filter((f) => f.paper === p.id && f.section === s.id);
        expect(s.files).toEqual([...new Set(here.map((f) => f.file))].map((file) => ({ file, lines: here.filter((f) => f.file === file).map((f) => f.line) })));
      }
    }
    const mine = report.papers.find((p) => p.id === 'tiled-attention');
    expect(mine?.sections.map((s) => [s.id, s.title, s.files])).toEqual([
      ['the-kernel', 'The kernel', [{ file: 'tiled_attention.py', lines: [6, 9] }]],
      ['switching-it-on', 'Switching it on', [{ file: 'tiled_attention.py', lines: [14, 18] }]],
    ]);
    expect(report.papers.map((p) => p.id)).toContain('dora');
  });

  it('Markdown: a summary table row per section and a collapsed block per paper', () => {
    const md = reportMarkdown(report);
    const rows = md.split('\n').filter((l) => /^\| (?!Paper|---)/.test(l));
    expect(rows.length).toBe(report.papers.reduce((n, p) => n + p.sections.length, 0));
    expect(rows).toContain('| Tiled Attention | Switching it on | 2 | 1 |');
    expect(md.match(/<details>/g)?.length).toBe(report.papers.length);
    expect(md.match(/<\/details>/g)?.length).toBe(report.papers.length);
    expect(md).toContain('<summary><b>Tiled Attention</b> — 4 findings in 1 file</summary>');
    expect(md).toContain('- `tiled_attention.py`: lines 14, 18');
    // A blank line after <summary> so GitHub renders the Markdown inside the block.
    expect(md).toMatch(/<\/summary>\n\n####/);
  });

  it('escapes titles and file names so they cannot break the table or inject HTML', () => {
    const hostile = buildReport({ findings: [{ file: 'a`b|c.py', line: 3, technique: 'x', paper: 'x', section: 's', kind: 'statement', evidence: 'e' }], skipped: [], filesScanned: 1, bytesScanned: 1 }, new PaperCatalog([]));
    hostile.papers[0].shortTitle = '<img src=x onerror=1>|pipe';
    const md = reportMarkdown(hostile);
    expect(md).not.toContain('<img');
    expect(md).toContain('&lt;img src=x onerror=1&gt;\\|pipe');
    expect(md).toContain('`` a`b|c.py ``');
  });

  it('`paper-lens report` prints the Markdown, or JSON with --json; an empty scan says so', async () => {
    const md = await cli('report', src);
    expect(md.code).toBe(0);
    expect(md.out).toBe(reportMarkdown(report).trimEnd());
    const json = await cli('report', src, '--json');
    expect(JSON.parse(json.out)).toEqual(report);
    expect((await cli('report', join(workspace, '.paper-lens'))).out).toContain('No code implementing a paper section was found.');
    expect((await cli('report', '--format', 'pdf')).code).toBe(2);
  });

  it('rule problems of a paper are printed with the paper and line', async () => {
    const { err } = await cli('report', src);
    expect(err).toMatch(/paper "tiled-attention", line 15: detect rule 3: unknown section "no-such-heading"/);
  });
});

// The properties SARIF 2.1.0 requires (sarif-schema-2.1.0.json "required" lists) for what we emit.
function checkSarif(log: SarifLog): string[] {
  const errors: string[] = [];
  const need = (cond: unknown, what: string) => { if (!cond) errors.push(what); };
  need(log.version === '2.1.0', 'version is 2.1.0');
  need(Array.isArray(log.runs) && log.runs.length > 0, 'runs is a non-empty array');
  for (const run of log.runs ?? []) {
    const driver = run.tool?.driver;
    need(typeof driver?.name === 'string' && driver.name, 'run.tool.driver.name');
    const ids = new Set<string>();
    for (const rule of driver?.rules ?? []) {
      need(typeof rule.id === 'string' && rule.id, 'rule.id');
      need(!ids.has(rule.id), `rule ids are unique (${rule.id})`);
      ids.add(rule.id);
      need(typeof rule.shortDescription?.text === 'string', 'rule.shortDescription.text');
    }
    need(Array.isArray(run.results), 'run.results');
    for (const r of run.results ?? []) {
      need(typeof r.message?.text === 'string' && r.message.text, 'result.message.text');
      need(ids.has(r.ruleId), `result.ruleId ${r.ruleId} names a rule`);
      need(driver?.rules[r.ruleIndex]?.id === r.ruleId, 'result.ruleIndex points at its rule');
      need(['none', 'note', 'warning', 'error'].includes(r.level), 'result.level');
      for (const loc of r.locations ?? []) {
        const p = loc.physicalLocation;
        need(typeof p?.artifactLocation?.uri === 'string' && !p.artifactLocation.uri.startsWith('/'), 'a relative artifactLocation.uri');
        need(Number.isInteger(p?.region?.startLine) && p.region.startLine >= 1, 'region.startLine ≥ 1');
      }
    }
  }
  return errors;
}

describe('SARIF', () => {
  it('one rule per paper section, one result per finding, with the required fields', () => {
    const log = toSarif(result, catalog, '1.2.3');
    expect(checkSarif(log)).toEqual([]);
    expect(log.$schema).toBe(SARIF_SCHEMA);
    const run = log.runs[0];
    expect(run.tool.driver.version).toBe('1.2.3');
    expect(run.results.length).toBe(result.findings.length);
    expect(run.tool.driver.rules.map((r) => r.id).sort()).toEqual([...new Set(result.findings.map((f) => `${f.paper}/${f.section}`))].sort());
    const rule = run.tool.driver.rules.find((r) => r.id === 'tiled-attention/switching-it-on');
    expect(rule?.properties).toEqual({ technique: 'tiled-attention', paper: 'tiled-attention', section: 'switching-it-on' });
    const dora = run.tool.driver.rules.find((r) => r.id.startsWith('dora/'));
    expect(dora?.helpUri).toMatch(/^https:\/\/arxiv\.org\/abs\/\d{4}\.\d{4,5}$/);
    const flag = run.results.find((r) => r.ruleId === 'tiled-attention/switching-it-on');
    expect(flag?.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'tiled_attention.py', uriBaseId: '%SRCROOT%' }, region: { startLine: 14 } });
  });

  it('the checker catches a broken log', () => {
    const log = toSarif(result, catalog);
    log.runs[0].results[0].ruleId = 'nope';
    log.runs[0].results[1].locations[0].physicalLocation.region.startLine = 0;
    expect(checkSarif(log)).toEqual(expect.arrayContaining(['result.ruleId nope names a rule', 'region.startLine ≥ 1']));
  });

  it('`paper-lens scan --format sarif` writes the log with the version; bad formats are usage errors', async () => {
    const { code, out } = await cli('scan', src, '--format', 'sarif');
    expect(code).toBe(0);
    const log = JSON.parse(out) as SarifLog;
    expect(checkSarif(log)).toEqual([]);
    expect(log.runs[0].tool.driver.version).toBe('9.9.9');
    expect(log.runs[0].results.length).toBe(result.findings.length);
    expect((await cli('scan', src, '--format', 'xml')).code).toBe(2);
    expect(JSON.parse((await cli('scan', src, '--format', 'json')).out).findings.length).toBe(result.findings.length);
  });
});
