/**
 * The buttons of a selection toolbar, the same in summaries and in the PDF reader: a swatch per highlight
 * color, then Add Note. A mousedown on them never takes the selection away.
 */
export function appendAnnotateButtons<C extends string>(bar: HTMLElement, colors: readonly C[], annotate: (kind: 'highlight' | 'note', color: C) => void): void {
  const button = (className: string, title: string, onClick: () => void): HTMLButtonElement => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = className;
    b.title = title;
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', onClick);
    bar.append(b);
    return b;
  };
  for (const color of colors) {
    button(`pl-swatch pl-color-${color}`, `Highlight (${color})${color === colors[0] ? ' — h' : ''}`, () => annotate('highlight', color))
      .setAttribute('aria-label', `Highlight ${color}`);
  }
  button('pl-add-note', 'Add a note on the selection — n', () => annotate('note', colors[0])).textContent = 'Add Note';
}
