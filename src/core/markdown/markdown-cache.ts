/**
 * A small least-recently-used cache keyed by the Markdown text itself, so the same content is compiled once.
 */
export class ContentCache<T> {
  private readonly _entries = new Map<string, T>();

  constructor(private readonly _capacity = 32) {}

  get(text: string, compute: (text: string) => T): T {
    const hit = this._entries.get(text);
    if (hit !== undefined) {
      this._entries.delete(text);
      this._entries.set(text, hit);
      return hit;
    }
    const value = compute(text);
    this._entries.set(text, value);
    if (this._entries.size > this._capacity) {
      const oldest = this._entries.keys().next().value as string;
      this._entries.delete(oldest);
    }
    return value;
  }

  get size(): number {
    return this._entries.size;
  }
}
