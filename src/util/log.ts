import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The "Paper Lens" output channel, created on first use so activation does not pay for it. */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Paper Lens', { log: true });
  return channel;
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
