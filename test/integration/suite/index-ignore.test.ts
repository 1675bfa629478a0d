// The workspace index and the CLI share one ignore policy, for full scans and for watcher events alike.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { api, until } from './support';

function write(rel: string, text: string): void {
  const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel).fsPath;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const LORA = 'import torch\nfrom torch import nn\n\n\nclass LoRALinear(nn.Module):\n    def __init__(self, base, r=8, alpha=16):\n        super().__init__()\n        self.lora_A = nn.Parameter(torch.zeros(r, base.in_features))\n        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))\n        self.scaling = alpha / r\n';

suite('Workspace index ignore policy in the extension host', () => {
  test('watcher events skip virtual environments, site-packages and nested .gitignore matches (no root .gitignore)', async () => {
    const lens = await api();
    await lens.index.ready();
    // The policy files first (a venv being created, a vendored package's .gitignore), then a scan.
    write('.venv/pyvenv.cfg', 'home = /usr/bin\n');
    write('tools/myenv/pyvenv.cfg', 'home = /usr/bin\n');
    write('src/vendor/.gitignore', 'generated/\n');
    // The folders exist before the code arrives: the watcher drops events of files inside a folder it
    // reports as new, and this test is about the file events.
    for (const dir of ['.venv/lib/python3.12/site-packages/peft/tuners/lora', 'tools/myenv/lib/python3.12/peft', 'src/vendor/generated']) write(`${dir}/README.txt`, 'placeholder\n');
    await lens.index.rescan();
    // Then `pip install` and a code generator write LoRA code, and the user writes some of their own.
    write('.venv/lib/python3.12/site-packages/peft/tuners/lora/layer.py', LORA);
    write('tools/myenv/lib/python3.12/peft/lora.py', LORA);
    write('src/vendor/generated/lora_gen.py', LORA);
    write('src/zz_control_lora.py', LORA);
    const indexed = (): string[] => lens.index.implementationsOf('dora').map((i) => vscode.workspace.asRelativePath(i.uri));
    await until(() => indexed().includes('src/zz_control_lora.py'), 'the user’s own file to be indexed');
    const wrong = indexed().filter((f) => f.startsWith('.venv/') || f.startsWith('tools/myenv/') || f.includes('/generated/'));
    assert.deepEqual(wrong, [], `indexed: ${indexed().join(', ')}`);
  });
});
