/** What grouping needs from a detector finding. */
export interface GroupableFinding {
  /** 1-based line. */
  line: number;
  technique: string;
  paper: string;
  section: string;
  /** 1-based lines of the class or function the finding belongs to. */
  scope?: { start: number; end: number };
}

/** One code lens: the first finding of a group, standing for all of them. */
export interface LensGroup<F extends GroupableFinding> {
  /** 1-based line of the lens: the first line of the group. */
  line: number;
  /** The finding the lens is titled after (the group's first). */
  lead: F;
  /** Every finding of the group in line order, `lead` first; the hover lists their lines. */
  members: F[];
}

/** Two lenses with the same title closer than this many lines are shown as one. */
export const NEARBY_LINES = 5;

/**
 * Groups findings into lenses, so the editor shows fewer and better ones: all findings of one technique
 * inside one class or function become one lens at the first of them, and a lens whose title (paper and
 * section) equals that of a lens less than {@link NEARBY_LINES} lines above is folded into it. Pure; the input is
 * not changed, and every finding ends up in exactly one group.
 */
export function groupFindings<F extends GroupableFinding>(findings: readonly F[]): LensGroup<F>[] {
  const sorted = findings.map((f, i) => ({ f, i })).sort((a, b) => a.f.line - b.f.line || a.i - b.i).map((x) => x.f);
  const byScope = new Map<string, LensGroup<F>>();
  const groups: LensGroup<F>[] = [];
  for (const f of sorted) {
    const key = f.scope ? `${f.technique}\u0000${f.scope.start}\u0000${f.scope.end}` : undefined;
    const same = key ? byScope.get(key) : undefined;
    if (same) {
      same.members.push(f);
      continue;
    }
    const group: LensGroup<F> = { line: f.line, lead: f, members: [f] };
    groups.push(group);
    if (key) byScope.set(key, group);
  }
  // identical titles a few lines apart (two small classes in a row, a run of config keys) read as one
  const out: LensGroup<F>[] = [];
  for (const g of groups) {
    const twin = out.find((k) => k.lead.paper === g.lead.paper && k.lead.section === g.lead.section && g.line - k.line < NEARBY_LINES);
    if (twin) twin.members.push(...g.members);
    else out.push(g);
  }
  for (const g of out) g.members.sort((a, b) => a.line - b.line);
  return out;
}
