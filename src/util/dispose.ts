import type * as vscode from 'vscode';

/** Base for long-lived objects: everything passed to `_register` is disposed with it. */
export abstract class Disposable implements vscode.Disposable {
  private _disposed = false;
  private readonly _disposables: vscode.Disposable[] = [];

  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this._disposed) value.dispose();
    else this._disposables.push(value);
    return value;
  }

  protected get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    while (this._disposables.length) {
      try {
        this._disposables.pop()?.dispose();
      } catch (err) {
        console.error('paper-lens: dispose failed', err);
      }
    }
  }
}
