import { describe, expect, it } from 'vitest';
import { guessFromFirstPage, type FirstPageItem } from '../../../src/core/library/first-page';

const item = (text: string, y: number, size: number, x = 72): FirstPageItem => ({ text, x, y, size });

describe('guessFromFirstPage', () => {
  it('takes the largest lines at the top as the title and the next line as the authors', () => {
    const items = [
      item('Preprint. Under review.', 760, 8),
      item('Sparse Widgets for', 700, 17),
      item('Gradient Gadgets', 680, 17),
      item('Ada Fixture1', 650, 11, 150),
      item('Bo Tester2,*', 650, 11, 300),
      item('1 Example University  2 Sample Lab', 636, 9),
      item('Abstract', 600, 12),
      item('We study widgets set in a large font nowhere.', 580, 10),
    ];
    expect(guessFromFirstPage(items, 792)).toEqual({ title: 'Sparse Widgets for Gradient Gadgets', authors: 'Ada Fixture, Bo Tester' });
  });

  it('joins split items on one baseline left to right and drops e-mails and marks', () => {
    const items = [
      item('Gadgets', 700, 20, 260),
      item('Widgets and', 700.4, 20, 120),
      item('Ada Fixture†, Bo Tester‡', 660, 12),
      item('ada@example.org', 646, 12),
      item('Introduction', 600, 12),
    ];
    expect(guessFromFirstPage(items, 792)).toEqual({ title: 'Widgets and Gadgets', authors: 'Ada Fixture, Bo Tester' });
  });

  it('ignores a larger running head or stamp and large text low on the page', () => {
    const items = [
      item('arXiv:2401.00001v1 [cs.LG] 1 Jan 2024', 770, 22),
      item('A Modest Title', 690, 15),
      item('Cy Author', 665, 10),
      item('Abstract', 630, 11),
      item('FIGURE CAPTION IN HUGE TYPE', 200, 30),
    ];
    expect(guessFromFirstPage(items, 792)).toEqual({ title: 'A Modest Title', authors: 'Cy Author' });
  });

  it('stops the authors at Abstract and gives empty strings for a page without text', () => {
    expect(guessFromFirstPage([item('Only A Title', 700, 18), item('Abstract', 650, 11)], 792)).toEqual({ title: 'Only A Title', authors: '' });
    expect(guessFromFirstPage([], 792)).toEqual({ title: '', authors: '' });
    expect(guessFromFirstPage([item('   ', 700, 18), item('12', 690, 18)], 792)).toEqual({ title: '', authors: '' });
  });
});
