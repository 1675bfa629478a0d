// PDF fixtures written by our own code with pdf-lib: a small paper (two columns, headings, an outline
// with named destinations, a page of math-like glyphs, a web link), a "v2" of it whose passages moved to
// later pages, long documents for the bench and the memory check, and hostile files.
import { PDFDocument, PDFName, PDFString, PDFHexString, PDFArray, PDFNumber, StandardFonts, rgb } from 'pdf-lib';

/** Sentences the tests select, look for on disk and expect to see painted. */
export const PASSAGE = 'The magnitude vector is trained separately from the direction matrix.';
export const SECOND = 'Low-rank updates change the direction far more than the magnitude.';

const FILLER = [
  'We study how adapters change a pretrained weight during fine-tuning.',
  'Each layer keeps its frozen weight and learns a small update on top of it.',
  'The update is the product of two thin matrices with a shared inner rank.',
  'Training uses the same data, schedule and batch size for every method.',
  'Results are averaged over three seeds and reported with their spread.',
  'A larger rank helps on harder tasks but costs memory during training.',
];

function wrap(text, width) {
  const out = [''];
  for (const word of text.split(' ')) {
    const last = out[out.length - 1];
    if (last && last.length + 1 + word.length > width) out.push(word);
    else out[out.length - 1] = last ? `${last} ${word}` : word;
  }
  return out;
}

function line(i) {
  return FILLER[i % FILLER.length];
}

/**
 * Builds the paper. `version: 2` inserts `shift` pages of new material after the first page, so every
 * later passage (and the section it is in) lands `shift` pages further on; the text is otherwise the same.
 */
export async function paperPdf({ version = 1, pages = 6, shift = 2 } = {}) {
  const doc = await PDFDocument.create();
  doc.setTitle(version === 1 ? 'Weight Decomposition for Adapters' : 'Weight Decomposition for Adapters (v2)');
  doc.setAuthor('A. Author; B. Author');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const symbol = await doc.embedFont(StandardFonts.Symbol);
  const W = 612;
  const H = 792;
  const sections = [];
  const addPage = () => doc.addPage([W, H]);

  const title = addPage();
  title.drawText('Weight Decomposition for Adapters', { x: 72, y: H - 100, size: 22, font: bold });
  title.drawText(version === 1 ? 'Version 1' : 'Version 2', { x: 72, y: H - 130, size: 12, font });
  title.drawText('Abstract', { x: 72, y: H - 180, size: 14, font: bold });
  for (let i = 0; i < 8; i++) title.drawText(line(i), { x: 72, y: H - 205 - i * 16, size: 11, font });
  sections.push({ title: 'Abstract', page: 0, y: H - 180 });
  const link = doc.context.obj({
    Type: 'Annot', Subtype: 'Link', Rect: [72, 100, 300, 116], Border: [0, 0, 0],
    A: { Type: 'Action', S: 'URI', URI: PDFString.of('https://example.com/paper') },
  });
  title.drawText('Project page: https://example.com/paper', { x: 72, y: 104, size: 10, font, color: rgb(0, 0, 0.7) });
  title.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));

  if (version === 2) {
    for (let k = 0; k < shift; k++) {
      const p = addPage();
      p.drawText(`New Related Work ${k + 1}`, { x: 72, y: H - 80, size: 16, font: bold });
      for (let i = 0; i < 30; i++) p.drawText(`Added in v2: ${line(i + k)}`, { x: 72, y: H - 110 - i * 18, size: 10, font });
      if (k === 0) sections.push({ title: 'New Related Work', page: doc.getPageCount() - 1, y: H - 80 });
    }
  }

  const names = ['Introduction', 'Method', 'Experiments', 'Math', 'Discussion', 'Appendix'];
  for (let n = 0; n < pages - 1; n++) {
    const p = addPage();
    const name = names[n] ?? `Appendix ${n - names.length + 2}`;
    p.drawText(`${n + 1} ${name}`, { x: 72, y: H - 80, size: 16, font: bold });
    sections.push({ title: `${n + 1} ${name}`, page: doc.getPageCount() - 1, y: H - 80 });
    if (name === 'Math') {
      // Symbol font glyphs: Greek letters, sums, integrals, arrows.
      p.drawText('Key quantities:', { x: 72, y: H - 120, size: 12, font });
      p.drawText('α + β = γ,  Σ ξ × √λ ≤ ε → ∞', { x: 72, y: H - 150, size: 16, font: symbol });
      p.drawText('ΔΩ = Β Α,  ∫ φ(ξ) ≈ ∂Λ/∂θ,  ∀ ι ∈ ℵ', { x: 72, y: H - 180, size: 14, font: symbol });
      p.drawText('Greek letters above are drawn with the Symbol font.', { x: 72, y: H - 215, size: 11, font });
      continue;
    }
    // Two columns of text, sentences wrapped at word boundaries.
    for (let col = 0; col < 2; col++) {
      const x = col === 0 ? 56 : 316;
      const rows = [];
      for (let k = 0; rows.length < 32; k++) {
        let text = line(k + col * 3 + n);
        if (name === 'Method' && col === 0 && k === 3) text = PASSAGE;
        if (name === 'Experiments' && col === 1 && k === 5) text = SECOND;
        rows.push(...wrap(text, 46));
      }
      rows.slice(0, 32).forEach((row, i) => p.drawText(row, { x, y: H - 115 - i * 18, size: 10, font }));
    }
  }
  addOutline(doc, sections);
  return doc.save({ useObjectStreams: false });
}

/** An outline whose entries jump through named destinations (`/Names /Dests`), as LaTeX writes them. */
function addOutline(doc, sections) {
  const ctx = doc.context;
  const pages = doc.getPages();
  const outlinesRef = ctx.nextRef();
  const refs = sections.map(() => ctx.nextRef());
  const destNames = [];
  sections.forEach((s, i) => {
    const name = `section.${i + 1}`;
    destNames.push(PDFString.of(name), ctx.obj([pages[s.page].ref, PDFName.of('XYZ'), PDFNumber.of(0), PDFNumber.of(s.y + 20), PDFNumber.of(0)]));
    const item = ctx.obj({ Title: PDFHexString.fromText(s.title), Parent: outlinesRef, Dest: PDFString.of(name) });
    if (i > 0) item.set(PDFName.of('Prev'), refs[i - 1]);
    if (i < sections.length - 1) item.set(PDFName.of('Next'), refs[i + 1]);
    ctx.assign(refs[i], item);
  });
  ctx.assign(outlinesRef, ctx.obj({ Type: 'Outlines', First: refs[0], Last: refs[refs.length - 1], Count: sections.length }));
  const catalog = doc.catalog;
  catalog.set(PDFName.of('Outlines'), outlinesRef);
  const namesArray = PDFArray.withContext(ctx);
  // A name tree's leaves must be sorted; `section.1` … `section.9` sort as written for fewer than ten.
  const pairs = [];
  for (let i = 0; i < destNames.length; i += 2) pairs.push([destNames[i], destNames[i + 1]]);
  for (const [k, v] of pairs.sort((a, b) => (a[0].asString() < b[0].asString() ? -1 : 1))) {
    namesArray.push(k);
    namesArray.push(v);
  }
  catalog.set(PDFName.of('Names'), ctx.obj({ Dests: ctx.obj({ Names: namesArray }) }));
  catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/** A long document: `pages` pages of text, each naming its number (for the bench and the memory check). */
export async function longPdf(pages) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    const p = doc.addPage([612, 792]);
    p.drawText(`Page ${n} of ${pages}`, { x: 72, y: 720, size: 18, font });
    for (let i = 0; i < 36; i++) p.drawText(`${n}.${i + 1} ${line(i + n)}`, { x: 72, y: 690 - i * 17, size: 10, font });
  }
  return doc.save({ useObjectStreams: false });
}

/** A PDF whose open action and a page action are JavaScript. pdf.js must not run it, and does not here. */
export async function hostilePdf() {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const p = doc.addPage([612, 792]);
  p.drawText('This page carries JavaScript actions that must never run.', { x: 72, y: 700, size: 12, font });
  const js = (code) => doc.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of(code) });
  doc.catalog.set(PDFName.of('OpenAction'), js('app.alert("pwned"); this.exportDataObject({cName: "x", nLaunch: 2});'));
  doc.catalog.set(PDFName.of('AA'), doc.context.obj({ WC: js('app.alert("close")') }));
  p.node.set(PDFName.of('AA'), doc.context.obj({ O: js('app.launchURL("https://evil.example/", true)') }));
  const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, 650, 400, 670], A: js('app.alert("link")') });
  p.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
  return doc.save({ useObjectStreams: false });
}

/** The first `fraction` of a valid PDF: a download cut off half-way. */
export function truncated(bytes, fraction = 0.5) {
  return bytes.slice(0, Math.floor(bytes.length * fraction));
}

/** Not a PDF at all, though named like one. */
export function garbage() {
  return new TextEncoder().encode('<html><body>404 Not Found</body></html>\n');
}

/**
 * A paper whose outline nests (chapters, sections, a subsection) through explicit destinations, with one
 * entry whose destination is not a page. `cyclic: true` makes the last top-level entry point back at the
 * first as its next sibling and the first child at its parent: a hostile outline that loops.
 */
export async function nestedOutlinePdf({ cyclic = false } = {}) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const heads = ['Nested Outline Paper', '1 Introduction', '1.2 Contributions', '2 Method', '2.1.1 Initialisation', 'References'];
  const pages = heads.map((head, n) => {
    const p = doc.addPage([612, 792]);
    p.drawText(head, { x: 72, y: 712, size: 16, font: bold });
    p.drawText(`This is page ${n + 1} of the nested outline paper.`, { x: 72, y: 680, size: 11, font });
    for (let i = 0; i < 20; i++) p.drawText(line(i + n), { x: 72, y: 650 - i * 16, size: 10, font });
    return p;
  });
  const ctx = doc.context;
  const dest = (page) => ctx.obj([pages[page].ref, PDFName.of('XYZ'), PDFNumber.of(0), PDFNumber.of(740), PDFNumber.of(0)]);
  const tree = [
    { title: '1 Introduction', page: 1, items: [{ title: '1.1 Motivation', page: 1 }, { title: '1.2 Contributions', page: 2 }] },
    { title: '2 Method', page: 3, items: [{ title: '2.1 Low-Rank Update', page: 3, items: [{ title: '2.1.1 Initialisation', page: 4 }] }] },
    { title: 'References', page: 5 },
    // A destination that is not a page: the entry is listed, without a page.
    { title: 'Broken link', raw: ctx.obj([ctx.register(ctx.obj({ Type: 'Font' })), PDFName.of('Fit')]) },
  ];
  const root = ctx.nextRef();
  const write = (items, parent) => {
    const refs = items.map(() => ctx.nextRef());
    items.forEach((it, i) => {
      const node = ctx.obj({ Title: PDFHexString.fromText(it.title), Parent: parent, Dest: it.raw ?? dest(it.page) });
      if (i > 0) node.set(PDFName.of('Prev'), refs[i - 1]);
      if (i < items.length - 1) node.set(PDFName.of('Next'), refs[i + 1]);
      if (it.items) {
        const kids = write(it.items, refs[i]);
        node.set(PDFName.of('First'), kids[0]);
        node.set(PDFName.of('Last'), kids[kids.length - 1]);
        node.set(PDFName.of('Count'), PDFNumber.of(-it.items.length));
        if (cyclic) ctx.lookup(kids[0]).set(PDFName.of('First'), refs[i]);
      }
      ctx.assign(refs[i], node);
    });
    return refs;
  };
  const top = write(tree, root);
  if (cyclic) ctx.lookup(top[top.length - 1]).set(PDFName.of('Next'), top[0]);
  ctx.assign(root, ctx.obj({ Type: 'Outlines', First: top[0], Last: top[top.length - 1], Count: tree.length }));
  doc.catalog.set(PDFName.of('Outlines'), root);
  return doc.save({ useObjectStreams: false });
}

/** A one-page paper whose title and authors are only on the page: pdf-lib writes no Title or Author. */
export async function untitledPaperPdf() {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  const page = doc.addPage([612, 792]);
  page.drawText('Preprint. Work in progress.', { x: 72, y: 760, size: 8, font: regular });
  page.drawText('Folded Widgets Make', { x: 170, y: 700, size: 18, font: bold });
  page.drawText('Gadgets Cheaper', { x: 200, y: 678, size: 18, font: bold });
  page.drawText('Ada Fixture1, Bo Tester2', { x: 210, y: 645, size: 11, font: regular });
  page.drawText('1 Example University  2 Sample Lab', { x: 200, y: 630, size: 9, font: regular });
  page.drawText('Abstract', { x: 280, y: 600, size: 11, font: bold });
  page.drawText('We fold widgets. This line is body text, not a title.', { x: 72, y: 580, size: 10, font: regular });
  return doc.save();
}
