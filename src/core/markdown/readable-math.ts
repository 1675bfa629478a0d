const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ',
  phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ',
  Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', Pi: 'Π',
  times: '×', cdot: '·', in: '∈', le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠', approx: '≈',
  sim: '∼', propto: '∝', infty: '∞', sum: 'Σ', prod: 'Π', partial: '∂', nabla: '∇', to: '→', rightarrow: '→',
  leftarrow: '←', mid: '|', lVert: '‖', rVert: '‖', Vert: '‖', lvert: '|', rvert: '|', langle: '⟨', rangle: '⟩',
  ldots: '…', cdots: '⋯', dots: '…', pm: '±', top: '⊤', odot: '⊙', otimes: '⊗', oplus: '⊕', star: '⋆',
};
const OPERATORS = new Set(['log', 'exp', 'min', 'max', 'arg', 'lim', 'sin', 'cos', 'tanh', 'det', 'softmax']);

const SUPER: Record<string, string> = {
  0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '+': '⁺', '-': '⁻', '−': '⁻',
  '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', T: 'ᵀ', k: 'ᵏ', r: 'ʳ', d: 'ᵈ', t: 'ᵗ', '*': '*', '′': '′',
};
const SUB: Record<string, string> = {
  0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', '+': '₊', '-': '₋', '−': '₋',
  '=': '₌', '(': '₍', ')': '₎', a: 'ₐ', e: 'ₑ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ',
  p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ',
};
const BLACKBOARD: Record<string, string> = { R: 'ℝ', E: '𝔼', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ', P: 'ℙ' };
const CALLIGRAPHIC: Record<string, string> = { L: 'ℒ', D: '𝒟', N: '𝒩', O: '𝒪', A: '𝒜', B: 'ℬ', H: 'ℋ', S: '𝒮', X: '𝒳', Y: '𝒴' };

/** A script in Unicode when every character has a form; else `_(…)` / `^(…)` so it still reads right. */
function script(body: string, table: Record<string, string>, mark: '_' | '^'): string {
  const chars = [...body];
  if (chars.every((c) => table[c] !== undefined)) return chars.map((c) => table[c]).join('');
  return chars.length === 1 ? `${mark}${body}` : `${mark}(${body})`;
}

/** Reads one argument at `i`: a `{…}` group (returned without braces) or one token. */
function readArg(tex: string, i: number): [string, number] {
  while (tex[i] === ' ') i++;
  if (tex[i] === '{') {
    let depth = 0;
    for (let j = i; j < tex.length; j++) {
      if (tex[j] === '{') depth++;
      else if (tex[j] === '}' && --depth === 0) return [tex.slice(i + 1, j), j + 1];
    }
    return [tex.slice(i + 1), tex.length];
  }
  if (tex[i] === '\\') {
    const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i));
    if (m) return [m[0], i + m[0].length];
  }
  return [tex[i] ?? '', i + 1];
}

const wrap = (s: string): string => (/^[\p{L}\p{N}.′]+$/u.test(s) || /^\(.*\)$/.test(s) ? s : `(${s})`);

function convert(tex: string, depth: number): string {
  if (depth > 20) return tex;
  let out = '';
  let i = 0;
  while (i < tex.length) {
    const c = tex[i];
    if (c === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(tex.slice(i));
      const name = m ? m[1] : '';
      i += m ? m[0].length : 1;
      // TeX drops the spaces after a control word
      if (/^[A-Za-z]+$/.test(name)) while (tex[i] === ' ') i++;
      if (name === 'frac' || name === 'tfrac' || name === 'dfrac') {
        const [a, j] = readArg(tex, i);
        const [b, k] = readArg(tex, j);
        i = k;
        out += `${wrap(convert(a, depth + 1))}/${wrap(convert(b, depth + 1))}`;
      } else if (name === 'sqrt') {
        const [a, j] = readArg(tex, i);
        i = j;
        out += `√${wrap(convert(a, depth + 1))}`;
      } else if (name === 'mathbb' || name === 'mathcal') {
        const [a, j] = readArg(tex, i);
        i = j;
        const table = name === 'mathbb' ? BLACKBOARD : CALLIGRAPHIC;
        out += [...a.trim()].map((ch) => table[ch] ?? ch).join('');
      } else if (['mathrm', 'text', 'textrm', 'operatorname', 'mathbf', 'boldsymbol', 'mathit', 'textbf', 'mathsf'].includes(name)) {
        const [a, j] = readArg(tex, i);
        i = j;
        out += convert(a, depth + 1);
      } else if (name === 'hat' || name === 'bar' || name === 'tilde') {
        const [a, j] = readArg(tex, i);
        i = j;
        const mark = { hat: '\u0302', bar: '\u0304', tilde: '\u0303' }[name];
        const body = convert(a, depth + 1);
        out += [...body].length === 1 ? body + mark : `${name}(${body})`;
      } else if (/^(?:[Bb]ig{1,2}[lr]?|left|right|middle|displaystyle|textstyle|limits|nolimits)$/.test(name)) {
        // sizing only
      } else if (name === ',' || name === ';' || name === ':' || name === '!' || name === ' ') {
        out += name === '!' ? '' : ' ';
      } else if (name === 'quad' || name === 'qquad') {
        out += '   ';
      } else if (name === '{' || name === '}' || name === '%' || name === '_' || name === '#' || name === '&') {
        out += name;
      } else if (name === '\\') {
        out += '; ';
      } else if (OPERATORS.has(name)) {
        out += `${/[\p{L}\p{N})]$/u.test(out) ? ' ' : ''}${name}${/^[A-Za-z\\]/.test(tex.slice(i)) ? ' ' : ''}`;
      } else {
        out += SYMBOLS[name] ?? name;
      }
    } else if (c === '^' || c === '_') {
      const [a, j] = readArg(tex, i + 1);
      i = j;
      const body = convert(a, depth + 1).replace(/\s+/g, '');
      out += script(body, c === '^' ? SUPER : SUB, c);
    } else if (c === '{' || c === '}') {
      i++;
    } else if (c === '~') {
      out += ' ';
      i++;
    } else if (c === '-') {
      out += '−';
      i++;
    } else if (c === "'") {
      out += '′';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * A LaTeX formula as plain Unicode text that reads well where math cannot be rendered (a hover, a
 * QuickPick line): `\tfrac{\alpha}{r}` → `α/r`, `B_{init}` → `B_(init)`, `\mathbb R^{d\times r}` → `ℝ^(d×r)`.
 * Unknown commands lose their backslash; the result never contains `\`, `{` or `}` from the markup.
 */
export function readableLatex(tex: string): string {
  return convert(tex, 0).normalize('NFC').replace(/[ \t]{2,}/g, (s) => (s.length >= 3 ? '   ' : ' ')).replace(/\s+([,.;)])/g, '$1').trim();
}
