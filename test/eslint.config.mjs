// Lint rules that guard the architecture. Run from the repo root: `eslint -c test/eslint.config.mjs src test`.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'test/fixtures/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core must not depend on VS Code: pass data in, or move this code to the VS Code layer.' },
          { name: 'fs', message: 'src/core does no I/O: take a narrow interface or the text instead.' },
          { name: 'node:fs', message: 'src/core does no I/O: take a narrow interface or the text instead.' },
          { name: 'fs/promises', message: 'src/core does no I/O: take a narrow interface or the text instead.' },
          { name: 'node:fs/promises', message: 'src/core does no I/O: take a narrow interface or the text instead.' },
        ],
      }],
    },
  },
);
