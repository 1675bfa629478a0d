import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArxivClient, DoiClient, LibraryError } from '../../../src/services/library-http';
import { RequestQueue } from '../../../src/core/library/rate-limiter';
import { readPdfInfo } from '../../../src/core/library/pdf-info';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../fixtures/library', name), 'utf8');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Title (Widgets All the Way Down) /Author (Ada Fixture) >>\nendobj\ntrailer\n<< /Info 1 0 R >>\n%%EOF\n', 'latin1');

/** A stand-in for export.arxiv.org, arxiv.org/pdf and doi.org on 127.0.0.1, answering from fixtures. */
let server: Server;
let base = '';
const seen: { url: string; accept?: string }[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  seen.push({ url: url.pathname + url.search, accept: req.headers.accept });
  const send = (status: number, type: string, body: string | Buffer): void => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  if (url.pathname === '/api/query') {
    const ids = url.searchParams.get('id_list') ?? '';
    if (ids === '9912.00001') return send(200, 'application/atom+xml', fixture('atom-one.xml'));
    if (ids === '9912.00001,hep-th/9901001') return send(200, 'application/atom+xml', fixture('atom-two.xml'));
    if (ids === '9912.99999') return send(200, 'application/atom+xml', fixture('atom-empty.xml'));
    if (ids === '12345') return send(200, 'application/atom+xml', fixture('atom-error.xml'));
    if (ids === '9912.00500') return send(500, 'text/html', '<h1>Internal error</h1>');
    if (ids === '9912.00503') return send(503, 'text/plain', 'slow down');
    if (ids === '9912.00666') return send(200, 'application/atom+xml', fixture('atom-one.xml').slice(0, 600));
    if (ids === '9912.00777') {
      // Slow: headers never come within the client's timeout.
      setTimeout(() => send(200, 'application/atom+xml', fixture('atom-one.xml')), 3000).unref();
      return;
    }
    return send(404, 'text/plain', 'no');
  }
  if (url.pathname === '/pdf/9912.00001v3') return send(200, 'application/pdf', PDF);
  if (url.pathname === '/pdf/9912.00001v2') return send(200, 'text/html', '<html>not a pdf</html>');
  if (url.pathname === '/pdf/9912.00002') {
    // Slow body: headers at once, then nothing.
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '100000' });
    res.write(PDF.subarray(0, 10));
    return;
  }
  if (url.pathname === '/doi/10.9999/fixture.widgets') {
    if (!req.headers.accept?.includes('application/vnd.citationstyles.csl+json')) return send(406, 'text/plain', 'say what you accept');
    return send(200, 'application/vnd.citationstyles.csl+json', JSON.stringify({
      type: 'article-journal', title: 'Widgets All the Way Down', author: [{ given: 'Ada', family: 'Fixture' }],
      issued: { 'date-parts': [[2099, 12, 1]] }, DOI: '10.9999/fixture.widgets', 'container-title': 'Journal of Fixtures',
    }));
  }
  if (url.pathname === '/doi/10.9999/broken') return send(200, 'application/json', '{"title": ');
  return send(404, 'text/plain', 'Not Found');
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const arxiv = (timeoutMs = 5000): ArxivClient =>
  new ArxivClient({ apiBaseUrl: `${base}/api/`, pdfBaseUrl: `${base}/pdf`, queue: new RequestQueue(0), timeoutMs, pdfTimeoutMs: timeoutMs });
const failure = async (p: Promise<unknown>): Promise<LibraryError> => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(LibraryError);
  return err as LibraryError;
};

describe('arXiv client against a real HTTP server on 127.0.0.1', () => {
  it('fetches and parses one paper, asking for Atom', async () => {
    const e = await arxiv().entry('9912.00001');
    expect(e).toMatchObject({ id: '9912.00001', version: 3, title: 'Widgets All the Way Down: A Fixture Paper & Its <Tests>', authors: ['Ada Fixture', 'Bo Müller'] });
    expect(seen.at(-1)).toEqual({ url: '/api/query?id_list=9912.00001&max_results=1', accept: 'application/atom+xml' });
  });

  it('fetches several papers in one request (the daily version check)', async () => {
    const r = await arxiv().entries(['9912.00001', 'hep-th/9901001']);
    expect(r.entries.map((e) => e.id)).toEqual(['9912.00001', 'hep-th/9901001']);
    expect(seen.at(-1)!.url).toBe('/api/query?id_list=9912.00001,hep-th%2F9901001&max_results=2');
  });

  it('a paper arXiv does not know, an API error entry, 404, 500 and 503 each give their own message', async () => {
    expect(await failure(arxiv().entry('9912.99999'))).toMatchObject({ kind: 'not-found', message: 'arXiv has no paper 9912.99999.' });
    expect(await failure(arxiv().entry('12345'))).toMatchObject({ kind: 'not-found', message: 'arXiv says: incorrect id format for 12345' });
    expect(await failure(arxiv().entry('9912.00404'))).toMatchObject({ kind: 'not-found' });
    expect((await failure(arxiv().entry('9912.00500'))).message).toMatch(/HTTP 500/);
    expect(await failure(arxiv().entry('9912.00503'))).toMatchObject({ kind: 'busy' });
  });

  it('malformed Atom is a clear error, not a crash', async () => {
    const err = await failure(arxiv().entry('9912.00666'));
    expect(err.kind).toBe('malformed');
    expect(err.message).toMatch(/cannot read: the arXiv response is not well-formed XML/);
  });

  it('a slow server times out; a cancelled request says so', async () => {
    const slow = await failure(arxiv(300).entry('9912.00777'));
    expect(slow).toMatchObject({ kind: 'timeout', message: 'the arXiv API did not answer within 0.3 s. Try again later.' });
    const controller = new AbortController();
    const pending = arxiv(5000).entry('9912.00777', controller.signal);
    setTimeout(() => controller.abort(), 100);
    expect(await failure(pending)).toMatchObject({ kind: 'cancelled' });
  });

  it('no server at the address reads as offline', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const client = new ArxivClient({ apiBaseUrl: `http://127.0.0.1:${port}/api`, pdfBaseUrl: '', queue: new RequestQueue(0) });
    const err = await failure(client.entry('9912.00001'));
    expect(err.kind).toBe('offline');
    expect(err.message).toMatch(/^Could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Are you offline\?/);
  });

  it('downloads a PDF version with progress; refuses what is not a PDF; times out on a stalled body', async () => {
    const progress: number[] = [];
    const bytes = await arxiv().pdf('9912.00001', 3, undefined, (n) => progress.push(n));
    expect(Buffer.from(bytes).equals(PDF)).toBe(true);
    expect(progress.at(-1)).toBe(PDF.length);
    expect(readPdfInfo(bytes)).toEqual({ title: 'Widgets All the Way Down', authors: 'Ada Fixture' });
    expect(await failure(arxiv().pdf('9912.00001', 2))).toMatchObject({ kind: 'malformed', message: 'arXiv did not send a PDF for 9912.00001v2.' });
    expect(await failure(arxiv(300).pdf('9912.00002', undefined))).toMatchObject({ kind: 'timeout' });
  });

  it('requests through one queue never overlap', async () => {
    const client = new ArxivClient({ apiBaseUrl: `${base}/api`, pdfBaseUrl: `${base}/pdf`, queue: new RequestQueue(50) });
    const before = seen.length;
    const results = await Promise.allSettled([client.entry('9912.00001'), client.entry('9912.00500'), client.pdf('9912.00001', 3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(seen.slice(before).map((s) => s.url)).toEqual(['/api/query?id_list=9912.00001&max_results=1', '/api/query?id_list=9912.00500&max_results=1', '/pdf/9912.00001v3']);
  });
});

describe('DOI client (content negotiation to CSL-JSON) against the same server', () => {
  const doi = (): DoiClient => new DoiClient({ baseUrl: `${base}/doi`, queue: new RequestQueue(0) });

  it('asks for CSL-JSON and returns it', async () => {
    const csl = await doi().csl('10.9999/fixture.widgets');
    expect(csl).toMatchObject({ title: 'Widgets All the Way Down', DOI: '10.9999/fixture.widgets' });
    expect(seen.at(-1)).toEqual({ url: '/doi/10.9999/fixture.widgets', accept: 'application/vnd.citationstyles.csl+json' });
  });

  it('an unknown DOI and a broken answer give messages', async () => {
    expect(await failure(doi().csl('10.9999/missing'))).toMatchObject({ kind: 'not-found' });
    expect(await failure(doi().csl('10.9999/broken'))).toMatchObject({ kind: 'malformed', message: 'The DOI service did not send CSL-JSON for 10.9999/broken.' });
  });
});
