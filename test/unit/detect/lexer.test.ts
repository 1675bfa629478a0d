import { describe, expect, it } from 'vitest';
import { lex } from '../../../src/core/detect/lexer';
import type { LexFamily } from '../../../src/core/detect/language';

const code = (text: string, family: LexFamily): string => lex(text, family).code;

/** Asserts the invariants every lexer output must keep: same length, same line breaks. */
function expectShape(text: string, family: LexFamily): string {
  const out = code(text, family);
  expect(out.length).toBe(text.length);
  expect(out.split('').every((c, i) => (c === '\n') === (text[i] === '\n'))).toBe(true);
  return out;
}

describe('lex: Python', () => {
  it('blanks comments and string contents but keeps quotes and code', () => {
    const src = 'x = "lora_A"  # use_dora=True\ny = \'beta\' + z\n';
    expect(expectShape(src, 'python')).toBe('x = "      "                 \ny = \'    \' + z\n');
  });

  it('blanks triple-quoted docstrings across lines and records them as comments', () => {
    const src = 'def f():\n    """LoRA layer.\n    paper:dora"""\n    return 1\n';
    const out = expectShape(src, 'python');
    expect(out.split('\n')[1].trim()).toBe('"""');
    expect(out.split('\n')[2].trim()).toBe('"""');
    expect(out).toContain('return 1');
    const { comments } = lex(src, 'python', true);
    expect(comments).toHaveLength(1);
    expect(src.slice(comments[0].start, comments[0].end)).toBe('"""LoRA layer.\n    paper:dora"""');
  });

  it('handles f-strings, raw strings, escapes and a quote inside the other quote', () => {
    const src = 'a = f"{num_experts} experts"\nb = r"\\d+" + "it\'s \\" ok"\nc = 1\n';
    const out = expectShape(src, 'python');
    expect(out).not.toMatch(/experts|\\d|ok/);
    expect(out.split('\n')[2]).toBe('c = 1');
  });

  it('keeps escapes, empty strings and unterminated strings where they were (a backslash escapes a newline too)', () => {
    // a backslash-newline continues a one-line string onto the next line
    expect(expectShape('s = "a\\\nb" + x\n', 'python')).toBe('s = "  \n " + x\n');
    // an escaped quote does not close a triple-quoted string
    expect(expectShape('x = """a \\""" b""" + y\n', 'python')).toBe('x = """        """ + y\n');
    // an unterminated triple-quoted string runs to the end of the file, and so does a lone backslash at its end
    expect(expectShape('x = """open\ny = 1\n', 'python')).toBe('x = """    \n     \n');
    expect(expectShape('s = "ends with \\', 'python')).toBe('s = "           ');
    expect(expectShape(`e = '' + "" + '''q'''\n`, 'python')).toBe(`e = '' + "" + ''' '''\n`);
    // a closed string followed by an empty one is not a triple quote
    expect(expectShape('a = "x"""\n', 'python')).toBe('a = " """\n');
  });

  it('ends an unterminated one-line string at the end of the line', () => {
    const out = expectShape('s = "open\nnum_experts = 8\n', 'python');
    expect(out.split('\n')[1]).toBe('num_experts = 8');
  });

  it('does not treat # inside a string as a comment', () => {
    expect(expectShape('url = "a#b"; k = 2\n', 'python')).toBe('url = "   "; k = 2\n');
  });
});

describe('lex: JavaScript / TypeScript', () => {
  it('blanks line and block comments, strings and template literals', () => {
    const src = 'const a = 1; // lora\n/* moe\n experts */ const b = `x ${y + "}"} z`;\n';
    const out = expectShape(src, 'js');
    expect(out).toContain('const a = 1;');
    expect(out).toContain('const b = `');
    expect(out).not.toMatch(/lora|moe|experts|z`/);
  });

  it('finds the end of nested template literals', () => {
    const src = 'const t = `a ${`b ${c}`} d`; const numExperts = 8;\n';
    expect(expectShape(src, 'js')).toMatch(/`\s+`; const numExperts = 8;/);
  });

  it('blanks a regex literal but keeps a division', () => {
    const out = expectShape('const r = /"lora"/g; const q = a / b / c;\n', 'js');
    expect(out).toContain('const q = a / b / c;');
    expect(out).not.toContain('lora');
  });
});

describe('lex: Rust', () => {
  it('blanks raw strings with hashes, nested block comments and char literals, keeps lifetimes', () => {
    const src = 'let s = r#"a "lora" b"#; /* x /* y */ still */ let c = \'"\'; fn f<\'a>(x: &\'a str) {}\n';
    const out = expectShape(src, 'rust');
    expect(out).not.toMatch(/lora|still|y \*\//);
    expect(out).toContain("fn f<'a>(x: &'a str) {}");
  });
});

describe('lex: C / C++', () => {
  it('blanks block comments, strings, char literals and raw strings', () => {
    const src = 'int n = 8; /* num_experts\n */ const char* s = "moe"; char q = \'"\'; auto r = R"x(a)" b)x"; int k = 1\'000;\n';
    const out = expectShape(src, 'c');
    expect(out).not.toMatch(/num_experts|moe|a\)" b/);
    expect(out).toContain('int k = 1\'000;');
  });
});

describe('lex: YAML', () => {
  it('keeps keys and values, blanks comments but not a # inside quotes or a value', () => {
    const src = 'lora_r: 8  # rank\nname: "a # b"\nurl: http://x/#frag\n# note\n';
    expect(expectShape(src, 'yaml')).toBe(`lora_r: 8${' '.repeat(8)}\nname: "a # b"\nurl: http://x/#frag\n${' '.repeat(6)}\n`);
  });

  it('blanks block scalars, which are text rather than settings', () => {
    const src = 'run: |\n  python train.py --lora_r 8\n  echo done\nnum_experts: 8\n';
    const out = expectShape(src, 'yaml');
    expect(out).not.toContain('lora_r');
    expect(out).toContain('num_experts: 8');
  });
});

describe('lex: robustness', () => {
  it.each(['python', 'js', 'rust', 'c', 'yaml'] as const)('keeps shape on hostile input (%s)', (family) => {
    const src = '"""\'\'\'`${`/*"\\\n\'#r#"\u0000\uD83D\uDE00 R"(x\n';
    expectShape(src, family);
  });
});
