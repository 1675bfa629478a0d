import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect } from '../../src/core/detect/index';
import { groupFindings, NEARBY_LINES, type GroupableFinding } from '../../src/core/lens/lens-groups';

const f = (line: number, technique: string, section: string, scope?: [number, number]): GroupableFinding => ({
  line, technique, paper: `${technique}-paper`, section, ...(scope ? { scope: { start: scope[0], end: scope[1] } } : {}),
});
const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/detect/positive', name), 'utf8');

describe('groupFindings', () => {
  it('shows the findings of one technique in one class as one lens at the first of them', () => {
    const findings = [f(30, 'lora', 'settings', [10, 40]), f(10, 'lora', 'recap', [10, 40]), f(20, 'lora', 'recap', [10, 40]), f(25, 'moe', 'layer', [10, 40])];
    const groups = groupFindings(findings);
    expect(groups.map((g) => [g.line, g.lead.technique, g.members.map((m) => m.line)])).toEqual([
      [10, 'lora', [10, 20, 30]],
      [25, 'moe', [25]],
    ]);
  });

  it('keeps lenses of different classes and functions apart when their titles differ or are far apart', () => {
    const groups = groupFindings([f(10, 'lora', 'recap', [10, 20]), f(22, 'lora', 'recap', [22, 30]), f(24, 'lora', 'settings', [22, 30]), f(12, 'dpo', 'objective')]);
    expect(groups.map((g) => g.line)).toEqual([10, 12, 22]);
    expect(groups[2].members.map((m) => m.line)).toEqual([22, 24]);
  });

  it('never puts two identical titles within a few lines of each other', () => {
    const yamlKeys = [3, 5, 7, 9, 11, 13, 30].map((line) => f(line, 'lora', 'settings'));
    const lines = groupFindings(yamlKeys).map((g) => g.line);
    expect(lines).toEqual([3, 9, 30]);
    for (let i = 1; i < lines.length; i++) expect(lines[i] - lines[i - 1]).toBeGreaterThanOrEqual(NEARBY_LINES);
    expect(groupFindings(yamlKeys).flatMap((g) => g.members)).toHaveLength(yamlKeys.length);
  });

  it('groups real detector findings: a LoRA class becomes one lens, every finding is kept', () => {
    const findings = detect(fixture('lora_patch_layer.py'), 'lora_patch_layer.py').findings;
    expect(findings.length).toBeGreaterThanOrEqual(3);
    expect(findings.every((x) => x.scope && x.scope.start === 10)).toBe(true);
    const groups = groupFindings(findings);
    expect(groups.map((g) => [g.line, g.members.length])).toEqual([[10, findings.length]]);
  });

  it('leaves a function far from other findings on its own line', () => {
    const findings = detect(fixture('moe_aux_losses.py'), 'moe_aux_losses.py').findings;
    const groups = groupFindings(findings);
    // gshard_loss (with its density line), importance_loss, the router class with its gate and z-loss
    expect(groups.map((g) => g.line)).toEqual([5, 11, 16]);
    expect(groups.reduce((n, g) => n + g.members.length, 0)).toBe(findings.length);
  });
});
