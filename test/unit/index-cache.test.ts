import { describe, expect, it } from 'vitest';
import { detect } from '../../src/core/detect/index';
import { type CachedFile, parseIndexCache, planReindex, serializeIndexCache } from '../../src/core/index-cache/index-cache';

const LORA = [
  'class LoRALinear(nn.Module):',
  '    def __init__(self, base, r=8, alpha=16):',
  '        super().__init__()',
  '        self.lora_A = nn.Parameter(torch.zeros(r, base.in_features))',
  '        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))',
  '        self.scaling = alpha / r',
  '',
].join('\n');
const OPTIONS = '[["lora"],1000000]';

/** What a first window records: three files, one with findings. */
function firstWindow(): Map<string, CachedFile> {
  const files = new Map<string, CachedFile>();
  files.set('file:///ws/lora.py', { size: LORA.length, mtime: 1000, options: OPTIONS, findings: detect(LORA, 'lora.py').findings });
  files.set('file:///ws/plain.py', { size: 20, mtime: 1000, options: OPTIONS, findings: [] });
  files.set('file:///ws/gone.py', { size: 30, mtime: 1000, options: OPTIONS, findings: [] });
  return files;
}

describe('persisted workspace index', () => {
  it('reuses the findings of unchanged files after a round trip through text', () => {
    const saved = serializeIndexCache('v1', firstWindow());
    const cache = parseIndexCache(saved, 'v1');
    const plan = planReindex(cache, [
      { key: 'file:///ws/lora.py', size: LORA.length, mtime: 1000, options: OPTIONS },
      { key: 'file:///ws/plain.py', size: 20, mtime: 1000, options: OPTIONS },
    ]);
    expect(plan.detect).toEqual([]);
    const lora = plan.reuse.get('file:///ws/lora.py');
    expect(lora?.length).toBeGreaterThan(0);
    expect(lora?.some((f) => f.technique === 'lora')).toBe(true);
    expect(lora).toEqual(detect(LORA, 'lora.py').findings);
    expect(plan.reuse.get('file:///ws/plain.py')).toEqual([]);
  });

  it('re-detects a file whose mtime, size or detector options changed', () => {
    const cache = parseIndexCache(serializeIndexCache('v1', firstWindow()), 'v1');
    const plan = planReindex(cache, [
      { key: 'file:///ws/lora.py', size: LORA.length, mtime: 2000, options: OPTIONS },
      { key: 'file:///ws/plain.py', size: 21, mtime: 1000, options: OPTIONS },
      { key: 'file:///ws/gone.py', size: 30, mtime: 1000, options: '[["moe"],1000000]' },
    ]);
    expect(plan.reuse.size).toBe(0);
    expect(plan.detect.map((f) => f.key)).toEqual(['file:///ws/lora.py', 'file:///ws/plain.py', 'file:///ws/gone.py']);
  });

  it('re-detects everything after a detector version bump', () => {
    const cache = parseIndexCache(serializeIndexCache('v1', firstWindow()), 'v2');
    expect(cache.size).toBe(0);
    const plan = planReindex(cache, [{ key: 'file:///ws/lora.py', size: LORA.length, mtime: 1000, options: OPTIONS }]);
    expect(plan.detect).toHaveLength(1);
  });

  it('drops deleted files and finds new ones', () => {
    const cache = parseIndexCache(serializeIndexCache('v1', firstWindow()), 'v1');
    const plan = planReindex(cache, [
      { key: 'file:///ws/lora.py', size: LORA.length, mtime: 1000, options: OPTIONS },
      { key: 'file:///ws/new.py', size: 5, mtime: 3000, options: OPTIONS },
    ]);
    expect([...plan.reuse.keys()]).toEqual(['file:///ws/lora.py']);
    expect(plan.detect.map((f) => f.key)).toEqual(['file:///ws/new.py']);
    expect(plan.reuse.has('file:///ws/gone.py')).toBe(false);
  });

  it('treats a broken or foreign file as an empty cache and drops malformed entries', () => {
    expect(parseIndexCache('{not json', 'v1').size).toBe(0);
    expect(parseIndexCache('[]', 'v1').size).toBe(0);
    expect(parseIndexCache(JSON.stringify({ format: 99, detector: 'v1', options: [], files: {} }), 'v1').size).toBe(0);
    const saved = serializeIndexCache('v1', firstWindow());
    const cut = saved.indexOf('\n');
    const good = { ...JSON.parse(saved.slice(0, cut)), rows: saved.slice(cut) };
    const text = (): string => JSON.stringify({ ...good, rows: undefined }) + good.rows;
    // a size that is no number, an options index out of the table, a truncated line, a line with an extra column,
    // findings that are not in the table (read as "none", the file would never be detected again)
    good.rows += '\nfile:///ws/bad-size.py\tx\t1\t0\t-1\nfile:///ws/bad-options.py\t1\t1\t7\t-1\nfile:///ws/short.py\t1\t1\nfile:///ws/long.py\t1\t1\t0\t-1\t9\nfile:///ws/lost.py\t1\t1\t0\t99';
    // findings that are broken JSON, or no list, leave their file without findings; a malformed finding is dropped
    const broken = good.findings.push('[{') - 1;
    const object = good.findings.push('{"line":1}') - 1;
    good.rows += `\nfile:///ws/broken.py\t5\t1\t0\t${broken}\nfile:///ws/object.py\t5\t1\t0\t${object}`;
    const lora = /\nfile:\/\/\/ws\/lora\.py\t[^\t]*\t[^\t]*\t[^\t]*\t(\d+)/.exec(good.rows)![1];
    good.findings[lora] = JSON.stringify([...JSON.parse(good.findings[lora]), { line: 'x' }]);
    const parsed = parseIndexCache(text(), 'v1');
    expect([...parsed.keys()].sort()).toEqual(['file:///ws/broken.py', 'file:///ws/gone.py', 'file:///ws/lora.py', 'file:///ws/object.py', 'file:///ws/plain.py']);
    expect(parsed.get('file:///ws/lora.py')?.findings).toEqual(detect(LORA, 'lora.py').findings);
    expect(parsed.get('file:///ws/plain.py')).toEqual({ size: 20, mtime: 1000, options: OPTIONS, findings: [] });
    expect(parsed.get('file:///ws/broken.py')?.findings).toEqual([]);
    expect(parsed.get('file:///ws/object.py')?.findings).toEqual([]);
    // the one-file lookup (no full read) drops the same lines
    const fresh = parseIndexCache(text(), 'v1');
    expect(fresh.findingsIfUnchanged({ key: 'file:///ws/bad-size.py', size: 1, mtime: 1, options: OPTIONS })).toBeUndefined();
    expect(fresh.findingsIfUnchanged({ key: 'file:///ws/long.py', size: 1, mtime: 1, options: OPTIONS })).toBeUndefined();
    expect(fresh.findingsIfUnchanged({ key: 'file:///ws/lost.py', size: 1, mtime: 1, options: OPTIONS })).toBeUndefined();
    expect(fresh.findingsIfUnchanged({ key: 'file:///ws/lora.py', size: LORA.length, mtime: 1000, options: OPTIONS })).toEqual(detect(LORA, 'lora.py').findings);
    // a first line that is not the header, or a header without its tables
    expect(parseIndexCache(`[]${good.rows}`, 'v1').size).toBe(0);
    expect(parseIndexCache(JSON.stringify({ ...good, rows: undefined, findings: 'gone' }) + good.rows, 'v1').size).toBe(0);
  });

  it('finds one file without reading the others, and never a file whose name only starts the same', () => {
    const files = firstWindow();
    files.set('file:///ws/lora.py.bak', { size: 1, mtime: 1, options: OPTIONS, findings: [] });
    const cache = parseIndexCache(serializeIndexCache('v1', files), 'v1');
    expect(cache.findingsIfUnchanged({ key: 'file:///ws/lora.p', size: LORA.length, mtime: 1000, options: OPTIONS })).toBeUndefined();
    expect(cache.findingsIfUnchanged({ key: 'file:///ws/lora.py.bak', size: 1, mtime: 1, options: OPTIONS })).toEqual([]);
    expect(cache.findingsIfUnchanged({ key: 'file:///ws/lora.py', size: LORA.length, mtime: 1000, options: OPTIONS })?.length).toBeGreaterThan(0);
    // a key that could break a line is never written, so never found
    files.set('file:///ws/odd\tname.py', { size: 1, mtime: 1, options: OPTIONS, findings: [] });
    expect(parseIndexCache(serializeIndexCache('v1', files), 'v1').has('file:///ws/odd\tname.py')).toBe(false);
  });

  it('reads the record back the same through the map and the stamp check', () => {
    const before = firstWindow();
    const cache = parseIndexCache(serializeIndexCache('v1', before), 'v1');
    expect(cache.size).toBe(3);
    for (const [key, file] of before) {
      expect(cache.get(key)).toEqual(file);
      expect(cache.findingsIfUnchanged({ key, size: file.size, mtime: file.mtime, options: file.options })).toEqual(file.findings);
      // Same size, new content: only the mtime tells, and it is enough.
      expect(cache.findingsIfUnchanged({ key, size: file.size, mtime: file.mtime + 1, options: file.options })).toBeUndefined();
    }
    expect(cache.has('file:///ws/new.py')).toBe(false);
    expect(cache.get('file:///ws/new.py')).toBeUndefined();
  });
});
