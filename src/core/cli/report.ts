import type { PaperCatalog } from '../papers/catalog';
import type { ScanFinding, ScanResult } from './scan';

/** The places in one file that implement a section. */
export interface ReportFile {
  file: string;
  lines: number[];
}

/** One section of a paper and where the scanned code implements it. */
export interface ReportSection {
  id: string;
  title: string;
  findings: number;
  files: ReportFile[];
}

/** One paper with every section the scan linked to. */
export interface ReportPaper {
  id: string;
  title: string;
  shortTitle: string;
  technique: string;
  findings: number;
  files: number;
  sections: ReportSection[];
}

/** What `paper-lens report` prints: per paper and section, the files and lines that implement it. */
export interface Report {
  papers: ReportPaper[];
  findings: number;
  /** Files with at least one finding. */
  files: number;
  filesScanned: number;
  skipped: number;
}

/**
 * Groups scan findings by paper, then section (in the paper's heading order), then file (in scan order).
 * Papers come in catalog order; a finding whose paper is not in the catalog is kept under its id.
 */
export function buildReport(result: ScanResult, catalog: PaperCatalog): Report {
  const byPaper = new Map<string, ScanFinding[]>();
  for (const f of result.findings) byPaper.set(f.paper, [...(byPaper.get(f.paper) ?? []), f]);
  const order = new Map(catalog.all().map((p, i) => [p.meta.id, i]));
  const papers = [...byPaper.entries()]
    .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b))
    .map(([id, findings]): ReportPaper => {
      const paper = catalog.get(id);
      const sectionOrder = new Map((paper?.sections ?? []).map((s, i) => [s.id, i]));
      const bySection = new Map<string, ScanFinding[]>();
      for (const f of findings) bySection.set(f.section, [...(bySection.get(f.section) ?? []), f]);
      const sections = [...bySection.entries()]
        .sort(([a], [b]) => (sectionOrder.get(a) ?? Infinity) - (sectionOrder.get(b) ?? Infinity) || a.localeCompare(b))
        .map(([sid, list]): ReportSection => ({ id: sid, title: catalog.section(id, sid)?.title ?? sid, findings: list.length, files: groupFiles(list) }));
      return {
        id,
        title: paper?.meta.title ?? id,
        shortTitle: paper?.meta.shortTitle ?? id,
        technique: findings[0].technique,
        findings: findings.length,
        files: new Set(findings.map((f) => f.file)).size,
        sections,
      };
    });
  return { papers, findings: result.findings.length, files: new Set(result.findings.map((f) => f.file)).size, filesScanned: result.filesScanned, skipped: result.skipped.length };
}

function groupFiles(findings: readonly ScanFinding[]): ReportFile[] {
  const files = new Map<string, number[]>();
  for (const f of findings) files.set(f.file, [...(files.get(f.file) ?? []), f.line]);
  return [...files.entries()].map(([file, lines]) => ({ file, lines: [...new Set(lines)].sort((a, b) => a - b) }));
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Text for a Markdown table cell or summary line: no raw HTML, no pipes or line breaks that end the cell. */
function cell(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '|' ? '\\|' : `\\${c}`)).replace(/\s+/g, ' ').trim();
}

/** A file name as inline code, with a fence long enough for any backticks in it. */
function code(text: string): string {
  const ticks = '`'.repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${ticks}${text.includes('`') ? ` ${text} ` : text}${ticks}`;
}

/**
 * The report as GitHub-flavoured Markdown for a pull request comment or job summary: a heading, one summary
 * table row per paper section, then a collapsed `<details>` block per paper with each file's lines.
 */
export function reportMarkdown(report: Report): string {
  const out = ['## Paper Lens report', ''];
  out.push(`${plural(report.findings, 'finding')} in ${plural(report.files, 'file')} (${plural(report.filesScanned, 'file')} scanned${report.skipped ? `, ${report.skipped} skipped` : ''}).`, '');
  if (!report.papers.length) {
    out.push('No code implementing a paper section was found.');
    return `${out.join('\n')}\n`;
  }
  out.push('| Paper | Section | Findings | Files |', '| --- | --- | ---: | ---: |');
  for (const p of report.papers) {
    for (const s of p.sections) out.push(`| ${cell(p.shortTitle)} | ${cell(s.title)} | ${s.findings} | ${s.files.length} |`);
  }
  for (const p of report.papers) {
    out.push('', '<details>', `<summary><b>${cell(p.shortTitle)}</b> — ${plural(p.findings, 'finding')} in ${plural(p.files, 'file')}</summary>`, '');
    for (const s of p.sections) {
      out.push(`#### ${cell(s.title)} (${s.findings})`, '');
      for (const f of s.files) out.push(`- ${code(f.file)}: ${f.lines.length === 1 ? 'line' : 'lines'} ${f.lines.join(', ')}`);
      out.push('');
    }
    out.push('</details>');
  }
  return `${out.join('\n')}\n`;
}
