// Runs before pdf.js loads in the outline worker. pdf.js's display module builds one DOMMatrix when it
// loads (for rendering, which the outline worker never does) and takes DOMMatrix from @napi-rs/canvas in
// Node, a native module the extension does not ship; without this placeholder it fails to load at all.
if (typeof (globalThis as { DOMMatrix?: unknown }).DOMMatrix === 'undefined') {
  (globalThis as { DOMMatrix?: unknown }).DOMMatrix = class DOMMatrix {
    a = 1;
    b = 0;
    c = 0;
    d = 1;
    e = 0;
    f = 0;
  };
}
