/** What a PDF says about itself. Empty strings where it says nothing we can read. */
export interface PdfInfo {
  title: string;
  authors: string;
  /** An arXiv id found in the metadata (arXiv stamps its PDFs), without version. */
  arxiv?: string;
}

const MAX_SCAN = 8 * 1024 * 1024;

/**
 * Reads title and author from a PDF's document Info dictionary (the last trailer's `/Info`, following
 * indirect strings), falling back to its XMP packet (`dc:title`, `dc:creator`). Never throws: a PDF that
 * is not one, is truncated, or keeps its Info inside a compressed object stream gives empty fields, and
 * the user types them. Only the first and last 8 MB of a large file are looked at.
 */
export function readPdfInfo(bytes: Uint8Array): PdfInfo {
  const info: PdfInfo = { title: '', authors: '' };
  try {
    const head = latin1(bytes.subarray(0, Math.min(bytes.length, MAX_SCAN)));
    if (!head.startsWith('%PDF-')) return info;
    const tail = bytes.length > MAX_SCAN ? latin1(bytes.subarray(bytes.length - MAX_SCAN)) : '';
    const text = tail ? `${head}\n${tail}` : head;
    const dict = infoDictionary(text);
    if (dict) {
      info.title = cleanText(readValue(text, dict, 'Title'));
      info.authors = cleanText(readValue(text, dict, 'Author'));
    }
    if (!info.title || !info.authors) {
      const xmp = readXmp(bytes, text);
      info.title ||= xmp.title;
      info.authors ||= xmp.authors;
    }
    const arxiv = /arXiv:(\d{4}\.\d{4,5})(?:v\d+)?/.exec(text);
    if (arxiv) info.arxiv = arxiv[1];
  } catch {
    // A malformed PDF only means there is nothing to prefill.
  }
  return info;
}

function latin1(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes);
}

/** The text of the Info dictionary the last trailer points at, or `undefined`. */
function infoDictionary(text: string): string | undefined {
  const refs = [...text.matchAll(/\/Info\s+(\d+)\s+(\d+)\s+R/g)];
  const ref = refs[refs.length - 1];
  if (!ref) return undefined;
  return objectBody(text, ref[1], ref[2]);
}

function objectBody(text: string, num: string, gen: string): string | undefined {
  const re = new RegExp(`(?:^|[\\s>])${num}\\s+${gen}\\s+obj\\b`, 'g');
  let last: RegExpExecArray | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  if (!last) return undefined;
  const start = last.index + last[0].length;
  const end = text.indexOf('endobj', start);
  return text.slice(start, end < 0 ? Math.min(text.length, start + 65536) : end);
}

/** The value of `/Key` in a dictionary: a literal or hex string, or an indirect reference to one. */
function readValue(text: string, dict: string, key: string): string {
  const m = new RegExp(`/${key}\\s*(\\(|<(?!<)|(\\d+)\\s+(\\d+)\\s+R)`).exec(dict);
  if (!m) return '';
  if (m[2]) {
    const body = objectBody(text, m[2], m[3]);
    return body ? readString(body.trimStart(), 0) : '';
  }
  return readString(dict, m.index + m[0].length - 1);
}

/** Decodes the PDF string starting at `at` (`(` or `<`). */
function readString(s: string, at: number): string {
  if (s[at] === '<') {
    const end = s.indexOf('>', at);
    const hex = s.slice(at + 1, end < 0 ? undefined : end).replace(/[^0-9A-Fa-f]/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2).padEnd(2, '0'), 16));
    return decodePdfString(bytes);
  }
  if (s[at] !== '(') return '';
  const bytes: number[] = [];
  let depth = 0;
  for (let i = at; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      const n = s[++i];
      const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
      if (n in esc) bytes.push(esc[n]);
      else if (/[0-7]/.test(n)) {
        let oct = n;
        while (oct.length < 3 && /[0-7]/.test(s[i + 1])) oct += s[++i];
        bytes.push(parseInt(oct, 8) & 0xff);
      } else if (n === '\r' || n === '\n') {
        if (n === '\r' && s[i + 1] === '\n') i++;
      } else if (n !== undefined) bytes.push(n.charCodeAt(0));
      continue;
    }
    if (c === '(') {
      depth++;
      if (depth === 1) continue;
    } else if (c === ')') {
      depth--;
      if (depth === 0) break;
    }
    bytes.push(c.charCodeAt(0) & 0xff);
  }
  return decodePdfString(bytes);
}

/** UTF-16BE with a byte-order mark, UTF-8 with one (PDF 2.0), else PDFDocEncoding (Latin-1 is close). */
function decodePdfString(bytes: number[]): string {
  const u8 = Uint8Array.from(bytes);
  if (u8[0] === 0xfe && u8[1] === 0xff) return new TextDecoder('utf-16be').decode(u8.subarray(2));
  if (u8[0] === 0xef && u8[1] === 0xbb && u8[2] === 0xbf) return new TextDecoder('utf-8').decode(u8.subarray(3));
  return new TextDecoder('latin1').decode(u8);
}

function readXmp(bytes: Uint8Array, text: string): { title: string; authors: string } {
  const start = text.indexOf('<x:xmpmeta');
  if (start < 0) return { title: '', authors: '' };
  const end = text.indexOf('</x:xmpmeta>', start);
  // Offsets in the Latin-1 text are byte offsets; XMP itself is UTF-8.
  const xml = new TextDecoder('utf-8').decode(bytes.subarray(start, end < 0 ? Math.min(bytes.length, start + 65536) : end));
  const items = (tag: string): string[] => {
    const block = new RegExp(`<dc:${tag}\\b[^>]*>([\\s\\S]*?)</dc:${tag}>`).exec(xml)?.[1] ?? '';
    return [...block.matchAll(/<rdf:li\b[^>]*>([\s\S]*?)<\/rdf:li>/g)].map((m) => cleanText(xmlText(m[1])));
  };
  return { title: items('title')[0] ?? '', authors: items('creator').filter(Boolean).join(', ') };
}

function xmlText(s: string): string {
  return s
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

function cleanText(s: string): string {
  // Control characters never belong in a title and would end up in YAML.
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 500);
}
