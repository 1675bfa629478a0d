// The twelve bundled summaries, compiled once per test file through the real pipeline.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePaper } from '../../../src/core/markdown/pipeline';
import type { CompiledPaper } from '../../../src/core/papers/paper';

export const papersDir = join(__dirname, '../../../media/papers');

/** Every `media/papers/*.md`, compiled; a summary that does not compile fails the test file that loads it. */
export function bundledPapers(): CompiledPaper[] {
  return readdirSync(papersDir).filter((f) => f.endsWith('.md')).map((f) => {
    const r = compilePaper(readFileSync(join(papersDir, f), 'utf8'));
    if (!r.ok) throw new Error(`${f}: ${r.errors.join('; ')}`);
    return r.paper;
  });
}
