import type { PaperCatalog } from '../papers/catalog';
import type { ScanResult } from './scan';

/** The parts of SARIF 2.1.0 that `scan --format sarif` writes. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; informationUri: string; version?: string; rules: SarifRule[] } };
    results: SarifResult[];
  }[];
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: 'note' };
  properties: { technique: string; paper: string; section: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'note';
  kind: 'informational';
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[];
}

/** SARIF's schema address, as code-scanning tools expect it. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * A scan as a SARIF 2.1.0 log: one rule per paper section that has findings (id `paper/section`), one
 * informational result per finding, with file URIs relative to the scanned folder (`%SRCROOT%`).
 */
export function toSarif(result: ScanResult, catalog: PaperCatalog, version?: string): SarifLog {
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  const results: SarifResult[] = result.findings.map((f) => {
    const id = `${f.paper}/${f.section}`;
    let ruleIndex = index.get(id);
    const paper = catalog.get(f.paper);
    const sectionTitle = catalog.section(f.paper, f.section)?.title ?? f.section;
    const paperName = paper?.meta.shortTitle ?? f.paper;
    if (ruleIndex === undefined) {
      ruleIndex = rules.length;
      index.set(id, ruleIndex);
      const rule: SarifRule = {
        id,
        name: `${f.technique}:${f.section}`.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
        shortDescription: { text: `Implements ${paperName} › ${sectionTitle}` },
        defaultConfiguration: { level: 'note' },
        properties: { technique: f.technique, paper: f.paper, section: f.section },
      };
      if (paper) rule.fullDescription = { text: `Code that implements the section “${sectionTitle}” of “${paper.meta.title}”.` };
      if (paper?.meta.arxiv) rule.helpUri = `https://arxiv.org/abs/${paper.meta.arxiv}`;
      rules.push(rule);
    }
    return {
      ruleId: id,
      ruleIndex,
      level: 'note',
      kind: 'informational',
      message: { text: `${f.evidence} — ${paperName} › ${sectionTitle}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(f.file.replace(/\\/g, '/')), uriBaseId: '%SRCROOT%' }, region: { startLine: Math.max(1, f.line) } } }],
    };
  });
  const driver: SarifLog['runs'][number]['tool']['driver'] = { name: 'Paper Lens', informationUri: 'https://github.com/paper-lens/paper-lens', rules };
  if (version) driver.version = version;
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [{ tool: { driver }, results }] };
}
