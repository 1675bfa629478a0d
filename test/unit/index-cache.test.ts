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
    const good = JSON.parse(serializeIndexCache('v1', firstWindow()));
    const add = (key: unknown, size: unknown, mtime: unknown, option: unknown) => {
      good.keys.push(key);
      good.sizes.push(size);
      good.mtimes.push(mtime);
      good.opts.push(option);
    };
    add('file:///ws/bad-size.py', '1', 1, 0);
    add('file:///ws/bad-options.py', 1, 1, 7);
    add(null, 1, 1, 0);
    // A key whose columns are missing (a truncated write) is dropped too.
    good.keys.push('file:///ws/short.py');
    const lora = good.keys.indexOf('file:///ws/lora.py');
    good.findings.find((e: [number, unknown[]]) => e[0] === lora)[1].push({ line: 'x' });
    good.findings.push([good.keys.indexOf('file:///ws/plain.py'), 'not a list'], 'not an entry');
    const parsed = parseIndexCache(JSON.stringify(good), 'v1');
    expect([...parsed.keys()].sort()).toEqual(['file:///ws/gone.py', 'file:///ws/lora.py', 'file:///ws/plain.py']);
    expect(parsed.get('file:///ws/lora.py')?.findings).toEqual(detect(LORA, 'lora.py').findings);
    expect(parsed.get('file:///ws/plain.py')).toEqual({ size: 20, mtime: 1000, options: OPTIONS, findings: [] });
    expect(parseIndexCache(JSON.stringify({ ...good, sizes: 'gone' }), 'v1').size).toBe(0);
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
