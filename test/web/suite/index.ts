// Entry point that the web-worker extension host calls (`extensionTestsPath`): mocha's browser build,
// with the suites bundled in (a web worker cannot load files from disk).

// mocha.js is an ES module whose UMD header assigns the bundle's `module.exports`; ours is set after it.
require('mocha/mocha.js');


function run(): Promise<void> {
  mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 30_000 });
  // After setup, which defines `suite` and `test`.
  require('./web.test');
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures ? reject(new Error(`${failures} web test(s) failed`)) : resolve()));
    } catch (err) {
      console.error(err instanceof Error ? err.stack : err);
      reject(err);
    }
  });
}

module.exports = { run };
