// The scan's file-system port over the real disk, as the CLI's Node side gives it (for tests of src/core/cli).
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ScanFs } from '../../../src/core/cli/scan';

export const fs: ScanFs = {
  stat: (p) => { try { const s = statSync(p); return { isDirectory: s.isDirectory(), size: s.size }; } catch { return undefined; } },
  readDir: (p) => readdirSync(p),
  readFile: (p) => readFileSync(p),
  join,
  realPath: (p) => realpathSync(p),
};
