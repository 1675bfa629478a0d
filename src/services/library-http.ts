/**
 * The library's HTTP clients: the arXiv API (Atom), arXiv PDFs and DOI content negotiation (CSL-JSON).
 * Plain `fetch` (Node 20 and the web both have it) and no `vscode`: the VS Code side passes an AbortSignal
 * tied to its CancellationToken, and the tests run these against a real server on 127.0.0.1.
 */
import { parseArxivAtom, type ArxivEntry } from '../core/library/arxiv-atom';
import type { CslItem } from '../core/library/paper-draft';
import { abortError, type RequestQueue } from '../core/library/rate-limiter';

export type LibraryErrorKind = 'offline' | 'timeout' | 'cancelled' | 'not-found' | 'busy' | 'http' | 'malformed';

/** A failure the user can act on; `message` is a sentence for a notification. */
export class LibraryError extends Error {
  constructor(
    readonly kind: LibraryErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LibraryError';
  }
}

export interface HttpClientOptions {
  queue: RequestQueue;
  fetch?: typeof fetch;
  /** Per request, including reading the body (default 30 s). */
  timeoutMs?: number;
}

export interface ArxivClientOptions extends HttpClientOptions {
  /** e.g. `https://export.arxiv.org/api` (the client appends `/query`). */
  apiBaseUrl: string;
  /** e.g. `https://arxiv.org/pdf` (the client appends `/<id>v<n>`). */
  pdfBaseUrl: string;
  /** PDFs over this many bytes are refused (default 200 MB). */
  maxPdfBytes?: number;
  pdfTimeoutMs?: number;
}

/** Talks to the arXiv API through a {@link RequestQueue}, so requests never overlap or come too fast. */
export class ArxivClient {
  constructor(private readonly _options: ArxivClientOptions) {}

  /** Latest metadata of up to 100 papers in one request; ids the API does not know are simply absent. */
  async entries(ids: readonly string[], signal?: AbortSignal): Promise<{ entries: ArxivEntry[]; errors: string[] }> {
    const url = `${trimSlash(this._options.apiBaseUrl)}/query?id_list=${ids.map(encodeURIComponent).join(',')}&max_results=${ids.length}`;
    const xml = await request(this._options, url, 'the arXiv API', signal, { accept: 'application/atom+xml' }, async (r) => r.text());
    const parsed = parseArxivAtom(xml);
    if (!parsed.ok) throw new LibraryError('malformed', `arXiv sent an answer Paper Lens cannot read: ${parsed.error}.`);
    return { entries: parsed.entries, errors: parsed.errors };
  }

  /** The latest metadata of one paper; a `not-found` error when arXiv has no such paper. */
  async entry(id: string, signal?: AbortSignal): Promise<ArxivEntry> {
    const { entries, errors } = await this.entries([id], signal);
    const entry = entries.find((e) => e.id === id);
    if (entry) return entry;
    throw new LibraryError('not-found', errors.length ? `arXiv says: ${errors[0]}` : `arXiv has no paper ${id}.`);
  }

  /** The PDF of a version (the latest without one); checks it starts like a PDF. */
  async pdf(id: string, version: number | undefined, signal?: AbortSignal, onProgress?: (received: number, total?: number) => void): Promise<Uint8Array> {
    const url = `${trimSlash(this._options.pdfBaseUrl)}/${id}${version ? `v${version}` : ''}`;
    const max = this._options.maxPdfBytes ?? 200 * 1024 * 1024;
    const bytes = await request(
      { ...this._options, timeoutMs: this._options.pdfTimeoutMs ?? 120_000 },
      url,
      'arXiv',
      signal,
      { accept: 'application/pdf' },
      (r) => readBody(r, max, onProgress),
    );
    if (!startsWithPdf(bytes)) throw new LibraryError('malformed', `arXiv did not send a PDF for ${id}${version ? `v${version}` : ''}.`);
    return bytes;
  }
}

export interface DoiClientOptions extends HttpClientOptions {
  /** e.g. `https://doi.org`; the DOI is appended as a path. */
  baseUrl: string;
}

/** Resolves a DOI to CSL-JSON by content negotiation (doi.org forwards to Crossref, DataCite, …). */
export class DoiClient {
  constructor(private readonly _options: DoiClientOptions) {}

  async csl(doi: string, signal?: AbortSignal): Promise<CslItem> {
    const url = `${trimSlash(this._options.baseUrl)}/${doi.split('/').map(encodeURIComponent).join('/')}`;
    const text = await request(this._options, url, 'doi.org', signal, { accept: 'application/vnd.citationstyles.csl+json' }, (r) => r.text());
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new LibraryError('malformed', `The DOI service did not send CSL-JSON for ${doi}.`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new LibraryError('malformed', `The DOI service sent something other than one CSL-JSON record for ${doi}.`);
    }
    return data as CslItem;
  }
}

async function request<T>(
  options: HttpClientOptions,
  url: string,
  service: string,
  signal: AbortSignal | undefined,
  headers: Record<string, string>,
  read: (response: Response) => Promise<T>,
): Promise<T> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return options.queue.run(async () => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let response: Response;
      try {
        response = await doFetch(url, { headers, signal: controller.signal, redirect: 'follow' });
      } catch (err) {
        throw fetchError(err, service, url, timedOut, timeoutMs, signal);
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw statusError(response.status, service);
      }
      try {
        return await read(response);
      } catch (err) {
        if (err instanceof LibraryError) throw err;
        throw fetchError(err, service, url, timedOut, timeoutMs, signal);
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }, signal).catch((err: unknown) => {
    if (err instanceof LibraryError) throw err;
    if (signal?.aborted) throw new LibraryError('cancelled', 'Cancelled.');
    throw err;
  });
}

function fetchError(err: unknown, service: string, url: string, timedOut: boolean, timeoutMs: number, signal?: AbortSignal): LibraryError {
  if (timedOut) {
    const seconds = timeoutMs >= 10_000 ? String(Math.round(timeoutMs / 1000)) : String(Math.round(timeoutMs / 100) / 10);
    return new LibraryError('timeout', `${service} did not answer within ${seconds} s. Try again later.`);
  }
  if (signal?.aborted) return new LibraryError('cancelled', abortError(signal).message === 'cancelled' ? 'Cancelled.' : abortError(signal).message);
  const code = causeCode(err);
  const host = safeHost(url);
  return new LibraryError(
    'offline',
    `Could not reach ${host}${code ? ` (${code})` : ''}. Are you offline? Check your connection or the Paper Lens URL settings.`,
  );
}

function statusError(status: number, service: string): LibraryError {
  if (status === 404) return new LibraryError('not-found', `${service} has no such paper (HTTP 404).`);
  if (status === 429 || status === 503) return new LibraryError('busy', `${service} is busy or limiting requests (HTTP ${status}). Try again in a minute.`);
  return new LibraryError('http', `${service} answered with an error (HTTP ${status}). Try again later.`);
}

async function readBody(response: Response, max: number, onProgress?: (received: number, total?: number) => void): Promise<Uint8Array> {
  const total = Number(response.headers.get('content-length')) || undefined;
  if (total && total > max) throw new LibraryError('malformed', `The PDF is ${Math.round(total / 1048576)} MB, over the limit of ${Math.round(max / 1048576)} MB.`);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.length;
    if (received > max) {
      await reader.cancel().catch(() => undefined);
      throw new LibraryError('malformed', `The PDF is over the limit of ${Math.round(max / 1048576)} MB.`);
    }
    chunks.push(value);
    onProgress?.(received, total);
  }
  const out = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function startsWithPdf(bytes: Uint8Array): boolean {
  // The header may follow a little junk; readers accept it within the first 1 KB.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

function causeCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function trimSlash(url: string): string {
  return url.trim().replace(/\/+$/, '');
}
