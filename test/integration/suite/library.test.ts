import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { PaperLensApi } from '../../../src/extension';

const EXTENSION_ID = 'paper-lens.paper-lens';
const PDF_BYTES = (v: number): Buffer => Buffer.from(`%PDF-1.4\n% fixture widgets v${v}\n1 0 obj\n<< /Title (Widgets v${v}) >>\nendobj\ntrailer\n<< /Info 1 0 R >>\n%%EOF\n`, 'latin1');

/** What the fake arXiv serves: the latest version changes during the suite. */
let latest = 3;
const requests: string[] = [];

function atom(version: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title>ArXiv Query</title>
  <id>http://arxiv.org/api/fixture</id>
  <entry>
    <id>http://arxiv.org/abs/9912.00001v${version}</id>
    <updated>2100-0${version}-03T10:00:00Z</updated>
    <published>2099-12-01T09:30:00Z</published>
    <title>Widgets All the Way Down${version > 3 ? ', Revised' : ''}</title>
    <summary>We study fixture widgets (version ${version}).</summary>
    <author><name>Ada Fixture</name></author>
    <author><name>Bo Müller</name></author>
  </entry>
</feed>`;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  requests.push(url.pathname + url.search);
  if (url.pathname === '/api/query' && url.searchParams.get('id_list') === '9912.00001') {
    res.writeHead(200, { 'content-type': 'application/atom+xml' });
    res.end(atom(latest));
    return;
  }
  const pdf = /^\/pdf\/9912\.00001v(\d+)$/.exec(url.pathname);
  if (pdf) {
    res.writeHead(200, { 'content-type': 'application/pdf' });
    res.end(PDF_BYTES(Number(pdf[1])));
    return;
  }
  if (url.pathname === '/doi/10.9999/fixture.doi') {
    const ok = req.headers.accept?.includes('application/vnd.citationstyles.csl+json');
    res.writeHead(ok ? 200 : 406, { 'content-type': 'application/vnd.citationstyles.csl+json' });
    res.end(JSON.stringify({
      type: 'article-journal', title: 'Resolved Widgets', author: [{ given: 'Cy', family: 'Resolver' }],
      issued: { 'date-parts': [[2097, 4]] }, DOI: '10.9999/fixture.doi', 'container-title': 'Journal of Fixtures',
      abstract: '<jats:p>An abstract from the DOI record.</jats:p>',
    }));
    return;
  }
  if (url.pathname === '/api/query') {
    res.writeHead(200, { 'content-type': 'application/atom+xml' });
    res.end('<feed xmlns="http://www.w3.org/2005/Atom"><title>empty</title></feed>');
    return;
  }
  res.writeHead(404).end();
}

async function api(): Promise<PaperLensApi> {
  const ext = vscode.extensions.getExtension<PaperLensApi>(EXTENSION_ID);
  assert.ok(ext);
  return ext.activate();
}

const workspaceUri = (): vscode.Uri => vscode.workspace.workspaceFolders![0].uri;
const read = async (uri: vscode.Uri): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

suite('Library: adding papers from a local arXiv server', function () {
  this.timeout(60_000);
  let server: Server;
  const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('paperLens');

  suiteSetup(async () => {
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await cfg().update('arxiv.apiBaseUrl', `${base}/api`, vscode.ConfigurationTarget.Workspace);
    await cfg().update('arxiv.pdfBaseUrl', `${base}/pdf`, vscode.ConfigurationTarget.Workspace);
    await cfg().update('pdf.downloadFolder', 'papers/pdf', vscode.ConfigurationTarget.Workspace);
    await cfg().update('doi.apiBaseUrl', `${base}/doi`, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    for (const key of ['arxiv.apiBaseUrl', 'arxiv.pdfBaseUrl', 'pdf.downloadFolder', 'doi.apiBaseUrl']) await cfg().update(key, undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('activation leaves citation-js and the arXiv client unloaded', async () => {
    const lens = await api();
    assert.equal(lens.isLibraryLoaded(), false);
  });

  test('Add Paper with an arXiv URL writes .paper-lens/papers/<id>.md and the paper joins the library under its year', async () => {
    const lens = await api();
    const ids = await vscode.commands.executeCommand<string[]>('paperLens.addPaper', 'https://arxiv.org/abs/9912.00001v1');
    assert.deepEqual(ids, ['fixture-2099-widgets']);
    assert.equal(lens.isLibraryLoaded(), true);
    const file = vscode.Uri.joinPath(workspaceUri(), '.paper-lens/papers/fixture-2099-widgets.md');
    const text = await read(file);
    assert.match(text, /^---\nid: fixture-2099-widgets\ntitle: Widgets All the Way Down\nauthors: \[ Ada Fixture, Bo Müller \]\narxiv: "9912\.00001"\narxivVersion: 3\n/);
    assert.match(text, /## Abstract \{#abstract\}\n\nWe study fixture widgets \(version 3\)\./);
    const catalog = await lens.library.catalog();
    const paper = catalog.get('fixture-2099-widgets');
    assert.ok(paper, 'the new paper is in the library');
    assert.deepEqual([paper.meta.year, paper.meta.month, paper.meta.arxivVersion], [2099, 12, 3]);
    const years = catalog.byDate().map((g) => g.label);
    assert.deepEqual(years.slice(0, 2), ['Noteworthy 2024', '2099']);
  });

  test('adding the same arXiv paper again does not make a second file', async () => {
    const ids = await vscode.commands.executeCommand<string[]>('paperLens.addPaper', '9912.00001');
    assert.deepEqual(ids, ['fixture-2099-widgets']);
    const names = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(workspaceUri(), '.paper-lens/papers'))).map(([n]) => n);
    assert.equal(names.filter((n) => n.startsWith('fixture-2099-widgets')).length, 1);
  });

  test('Download PDF writes the PDF into the configured folder and sets the paper’s pdf field, keeping a hand edit', async () => {
    const lens = await api();
    const file = vscode.Uri.joinPath(workspaceUri(), '.paper-lens/papers/fixture-2099-widgets.md');
    const handEdited = (await read(file)).replace('## Abstract {#abstract}', '# my comment stays\n\n## Abstract {#abstract}').replace('\n---\n', '\n# a YAML comment\n---\n');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(handEdited));
    lens.library.refresh();
    const target = await vscode.commands.executeCommand<string>('paperLens.downloadPdf', 'fixture-2099-widgets');
    assert.ok(target?.endsWith('/papers/pdf/9912.00001v3.pdf'), `downloaded to ${target}`);
    const pdf = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceUri(), 'papers/pdf/9912.00001v3.pdf'));
    assert.ok(Buffer.from(pdf).equals(PDF_BYTES(3)));
    const after = await read(file);
    assert.equal(after, handEdited.replace('\n# a YAML comment\n', '\n# a YAML comment\npdf: papers/pdf/9912.00001v3.pdf\n'));
    assert.equal((await lens.library.get('fixture-2099-widgets'))?.meta.pdf, 'papers/pdf/9912.00001v3.pdf');
  });

  test('a new arXiv version is found by the check, and Update to v4 rewrites metadata and the PDF', async () => {
    const lens = await api();
    latest = 4;
    const n = await vscode.commands.executeCommand<number>('paperLens.checkArxivVersions');
    assert.equal(n, 1);
    const paper = await lens.library.get('fixture-2099-widgets');
    assert.ok(paper);
    const version = await vscode.commands.executeCommand<number>('paperLens.updatePaper', 'fixture-2099-widgets');
    assert.equal(version, 4);
    const text = await read(vscode.Uri.joinPath(workspaceUri(), '.paper-lens/papers/fixture-2099-widgets.md'));
    assert.match(text, /title: Widgets All the Way Down, Revised\n/);
    assert.match(text, /arxivVersion: 4\n/);
    assert.match(text, /pdf: papers\/pdf\/9912\.00001v4\.pdf\n/);
    assert.match(text, /# a YAML comment\n/);
    assert.match(text, /# my comment stays\n/);
    assert.match(text, /We study fixture widgets \(version 4\)\./);
    const pdf = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceUri(), 'papers/pdf/9912.00001v4.pdf'));
    assert.ok(Buffer.from(pdf).equals(PDF_BYTES(4)));
    const updated = await lens.library.get('fixture-2099-widgets');
    assert.equal(updated?.meta.arxivVersion, 4);
  });

  test('requests reached the local server only, one API query per action', async () => {
    assert.ok(requests.length >= 6, requests.join(', '));
    assert.ok(requests.every((r) => r.startsWith('/api/query?id_list=9912.00001') || r.startsWith('/pdf/')), requests.join(', '));
  });

  test('a DOI is resolved through the configured base URL to CSL-JSON, with BibTeX formatted by citation-js', async () => {
    const ids = await vscode.commands.executeCommand<string[]>('paperLens.addPaper', 'https://doi.org/10.9999/fixture.doi');
    assert.deepEqual(ids, ['resolver-2097-resolved']);
    assert.equal(requests.at(-1), '/doi/10.9999/fixture.doi');
    const paper = await (await api()).library.get('resolver-2097-resolved');
    assert.deepEqual([paper?.meta.title, paper?.meta.doi, paper?.meta.year, paper?.meta.month], ['Resolved Widgets', '10.9999/fixture.doi', 2097, 4]);
    assert.match(paper?.meta.bibtex ?? '', /^@article\{[^,]+,[\s\S]*doi = \{10\.9999\/fixture\.doi\}/);
    assert.equal(paper?.sections[0]?.text, 'An abstract from the DOI record.');
  });

  test('an unknown input is refused with a message and writes nothing', async () => {
    const before = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(workspaceUri(), '.paper-lens/papers'))).length;
    const ids = await vscode.commands.executeCommand<string[] | undefined>('paperLens.addPaper', 'not a paper');
    assert.equal(ids, undefined);
    const after = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(workspaceUri(), '.paper-lens/papers'))).length;
    assert.equal(after, before);
  });

  test('a pasted BibTeX entry is added with the entry kept verbatim; Copy BibTeX gives it back', async () => {
    const entry = '@article{lee2098widgets,\n  title = {Tests \\& {Widgets}},\n  author = {Lee, Ann and M{\\"u}ller, Bo},\n  year = {2098},\n  doi = {10.9999/tests.widgets}\n}';
    const ids = await vscode.commands.executeCommand<string[]>('paperLens.addPaper', entry);
    assert.deepEqual(ids, ['lee-2098-tests']);
    const lens = await api();
    const paper = await lens.library.get('lee-2098-tests');
    assert.deepEqual([paper?.meta.title, paper?.meta.authors, paper?.meta.doi, paper?.meta.year], ['Tests & Widgets', ['Ann Lee', 'Bo Müller'], '10.9999/tests.widgets', 2098]);
    await vscode.commands.executeCommand('paperLens.copyBibtex', 'lee-2098-tests');
    assert.equal(await vscode.env.clipboard.readText(), entry);
  });
});
