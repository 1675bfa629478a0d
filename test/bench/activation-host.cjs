// One cold activation in this process, timed the way VS Code's "Show Running Extensions" counts it (code
// loading + the synchronous `activate` call), with a stand-in `vscode` module: every property is a callable,
// constructible stub, so the figure is the extension's own code and nothing of a workbench.
// `node activation-host.cjs <bundle> [--no-activate]` prints one JSON line:
// { loadMs, activateMs, resolvedMs } (resolvedMs: until the promise `activate` returned has settled).
const Module = require('node:module');
const { resolve, dirname } = require('node:path');

const handler = {
  get(t, p) {
    if (p === 'then' || p === '__esModule') return undefined;
    if (p === Symbol.toPrimitive) return () => '';
    if (p === Symbol.iterator) return function* () {};
    if (p === 'prototype') return t.prototype;
    if (!(p in t.cache)) t.cache[p] = stub();
    return t.cache[p];
  },
  set(t, p, v) {
    t.cache[p] = v;
    return true;
  },
  apply: () => stub(),
  construct: () => stub(),
};
function stub() {
  const f = function () {};
  f.cache = {};
  return new Proxy(f, handler);
}
// An object whose prototype is the stub, so esbuild's interop helper (which copies own keys) still finds every name.
const vscode = Object.create(stub());
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

const file = resolve(process.argv[2]);
const memento = { get: (_k, d) => d, update: async () => {}, keys: () => [] };
const context = {
  subscriptions: [], extensionPath: resolve(dirname(file), '..'), extensionUri: stub(), storageUri: stub(), globalStorageUri: stub(),
  globalState: memento, workspaceState: memento, extension: stub(), extensionMode: 1,
};
const ms = (a, b) => Number(b - a) / 1e6;
const t0 = process.hrtime.bigint();
const ext = require(file);
const t1 = process.hrtime.bigint();
const out = { loadMs: ms(t0, t1) };
if (!process.argv.includes('--no-activate')) {
  const result = ext.activate(context);
  const t2 = process.hrtime.bigint();
  out.activateMs = ms(t1, t2);
  Promise.resolve(result).then(
    () => console.log(JSON.stringify({ ...out, resolvedMs: ms(t0, process.hrtime.bigint()) })),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
} else {
  console.log(JSON.stringify(out));
}
