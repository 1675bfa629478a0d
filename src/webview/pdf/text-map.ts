/**
 * Between the DOM of a page's text layer and offsets into the page text (src/core/pdf/page-text.ts):
 * the text layer has one span per text item, in item order, so item `k` is `spans[k]`.
 */
import { itemAt, type PageText, type TextItemLike } from '../../core/pdf/page-text';

/** A rendered text layer: the page text, its items and their spans. */
export interface TextLayerMap {
  page: PageText;
  items: readonly TextItemLike[];
  spans: readonly HTMLElement[];
}

/** The page-text offset of a DOM point inside the text layer (a selection boundary). */
export function offsetAtPoint(map: TextLayerMap, container: Node, offset: number): number {
  const point = document.createRange();
  point.setStart(container, offset);
  point.collapse(true);
  for (let k = 0; k < map.spans.length; k++) {
    const span = map.spans[k];
    const text = span.firstChild;
    if (text === container) return map.page.starts[k] + Math.min(offset, map.items[k].str.length);
    if (!text) continue;
    // Wholly before the point: keep going. Starting at or after it: the point is at this item's start.
    if (point.comparePoint(text, 0) >= 0) return map.page.starts[k];
    if (span.contains(container)) return map.page.starts[k] + map.items[k].str.length;
  }
  return map.page.text.length;
}

/** A DOM range over page-text offsets `[start, end)`, or `undefined` when the layer has no text there. */
export function rangeOf(map: TextLayerMap, start: number, end: number): Range | undefined {
  const a = itemAt(map.page, map.items, start);
  const b = itemAt(map.page, map.items, end);
  if (!a || !b) return undefined;
  const ta = map.spans[a.item]?.firstChild;
  const tb = map.spans[b.item]?.firstChild;
  if (!ta || !tb) return undefined;
  const range = document.createRange();
  range.setStart(ta, Math.min(a.offset, ta.textContent?.length ?? 0));
  range.setEnd(tb, Math.min(b.offset, tb.textContent?.length ?? 0));
  return range;
}

/** Boxes of `[start, end)` relative to `origin`, one per line fragment, tiny ones dropped. */
export function boxesOf(map: TextLayerMap, start: number, end: number, origin: HTMLElement): DOMRect[] {
  const range = rangeOf(map, start, end);
  if (!range) return [];
  const o = origin.getBoundingClientRect();
  return [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5).map((r) => new DOMRect(r.left - o.left, r.top - o.top, r.width, r.height));
}
