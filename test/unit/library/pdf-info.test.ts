import { describe, expect, it } from 'vitest';
import { readPdfInfo } from '../../../src/core/library/pdf-info';

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
const utf16Hex = (s: string): string => `<FEFF${[...s].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('')}>`;

/** A small PDF with real objects, an xref-less trailer and the given Info entries (readers tolerate no xref). */
function pdf(info: string, extra = ''): Uint8Array {
  return latin1(`%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< ${info} >>\nendobj\n${extra}trailer\n<< /Root 1 0 R /Info 3 0 R >>\nstartxref\n0\n%%EOF\n`);
}

describe('PDF Info dictionary reader', () => {
  it('reads literal strings with escapes, nested parentheses and octal codes', () => {
    const info = readPdfInfo(pdf('/Title (Widgets \\(and\\) Gadgets \\050v2\\051: a (nested) title) /Author (Ada Fixture, Bo M\\374ller)'));
    expect(info).toEqual({ title: 'Widgets (and) Gadgets (v2): a (nested) title', authors: 'Ada Fixture, Bo Müller' });
  });

  it('reads UTF-16 hex strings and indirect references', () => {
    const bytes = pdf(`/Title ${utf16Hex('Ωmega Widgets — über')} /Author 4 0 R`, `4 0 obj\n${utf16Hex('Zoë Fixture')}\nendobj\n`);
    expect(readPdfInfo(bytes)).toEqual({ title: 'Ωmega Widgets — über', authors: 'Zoë Fixture' });
  });

  it('takes the last trailer of an incrementally updated file', () => {
    const first = pdf('/Title (Old Title)');
    const update = latin1('5 0 obj\n<< /Title (New Title) /Author (Ada) >>\nendobj\ntrailer\n<< /Root 1 0 R /Info 5 0 R /Prev 0 >>\n%%EOF\n');
    const bytes = new Uint8Array(first.length + update.length);
    bytes.set(first);
    bytes.set(update, first.length);
    expect(readPdfInfo(bytes)).toEqual({ title: 'New Title', authors: 'Ada' });
  });

  it('falls back to XMP (UTF-8) when the Info dictionary says nothing', () => {
    const xmp = new TextEncoder().encode(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description><dc:title><rdf:Alt><rdf:li xml:lang="x-default">Widgets &amp; Gadgets ü</rdf:li></rdf:Alt></dc:title>' +
        '<dc:creator><rdf:Seq><rdf:li>Ada Fixture</rdf:li><rdf:li>Bo Müller</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>',
    );
    const head = pdf('/Producer (test)');
    const bytes = new Uint8Array(head.length + xmp.length);
    bytes.set(head);
    bytes.set(xmp, head.length);
    expect(readPdfInfo(bytes)).toEqual({ title: 'Widgets & Gadgets ü', authors: 'Ada Fixture, Bo Müller' });
  });

  it('finds the arXiv stamp; strips control characters', () => {
    const info = readPdfInfo(pdf('/Title (A\\000B\\nC)', 'BT (arXiv:9912.00001v3  [cs.LG]  1 Dec 2099) Tj ET\n'));
    expect(info).toEqual({ title: 'A B C', authors: '', arxiv: '9912.00001' });
  });

  it.each([
    ['not a PDF', latin1('<html>hello</html>')],
    ['empty', new Uint8Array()],
    ['truncated inside the string', pdf('/Title (cut').subarray(0, 120)],
    ['a dangling reference', latin1('%PDF-1.4\ntrailer << /Info 99 0 R >>')],
    ['random bytes', Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)],
  ])('%s gives empty fields, never an exception', (_, bytes) => {
    const info = readPdfInfo(bytes);
    expect(info.title).toBe('');
    expect(info.authors).toBe('');
  });
});
