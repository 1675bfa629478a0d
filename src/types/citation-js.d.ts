// citation-js 0.7 ships no type declarations; these cover what src/core/library uses of it.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: Record<string, unknown>);
    format(format: string, options?: Record<string, unknown>): string;
    data: unknown[];
  }
  export const plugins: {
    input: { chain: (input: unknown, options?: Record<string, unknown>) => unknown };
  };
}
declare module '@citation-js/plugin-bibtex';
