// Test-only (test/bench/workbench-bench.mjs installs it next to Paper Lens; it is never in our VSIX): one
// command that opens the simplest webview panel with the options the summary panel uses (scripts on, the
// find widget, one local resource root) and a page under the same kind of strict CSP: a heading and a
// nonce'd script that says it is ready. Its Enter → heading visible is VS Code's own cost of a webview.
const vscode = require('vscode');
const { randomBytes } = require('node:crypto');

function page(webview) {
  const nonce = randomBytes(16).toString('base64');
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${webview.cspSource} 'unsafe-inline'; img-src ${webview.cspSource} data:; font-src ${webview.cspSource}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Floor</title>
</head>
<body>
<h2>The problem</h2>
<p>A minimal page.</p>
<script nonce="${nonce}">acquireVsCodeApi().postMessage({ type: 'ready' });</script>
</body>
</html>`;
}

exports.activate = (context) => {
  const open = (options) => () => {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel('paperLensBench.floor', 'Floor', column, { enableScripts: true, localResourceRoots: [context.extensionUri], ...options });
    panel.webview.html = page(panel.webview);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('paperLensBench.openFloor', open({ enableFindWidget: true })),
    // The same without the find widget, for the first-open trace (TRACE_SIDES=floor,floorNoFind); its title
    // is not matched by the floor's palette query, nor the floor's by its.
    vscode.commands.registerCommand('paperLensBench.openFloorNoFind', open({ enableFindWidget: false })),
    // The floor reached the way Open Paper… is timed: Enter on an item of a quick pick the command shows, so
    // the command (and its activation event) runs before the clock starts, as ours does.
    vscode.commands.registerCommand('paperLensBench.pickFloor', () => {
      const pick = vscode.window.createQuickPick();
      pick.items = [{ label: 'Floor page' }];
      pick.onDidAccept(() => {
        pick.dispose();
        open({ enableFindWidget: true })();
      });
      pick.show();
    }),
  );
};

exports.deactivate = () => {};
