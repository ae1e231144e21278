// Lint: typescript-eslint (syntax-only, so a run stays fast on a small machine), lit and lit-a11y for the widget,
// and the API's layer rules from eslint.layers.mjs.
import { existsSync } from 'node:fs';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layers = existsSync(new URL('./eslint.layers.mjs', import.meta.url))
  ? (await import('./eslint.layers.mjs')).default
  : [];

export default defineConfig(
  globalIgnores(['dist/', 'widget/dist/', '.porchlight/', 'bench-results/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['widget/**/*.ts', 'widget/src/testing/pages/*.js', 'demo/public/**/*.js'],
    extends: [lit.configs['flat/recommended'], litA11y.configs.recommended],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['api/**/*.ts', 'bench/**/*.ts', 'demo/*.ts', '*.mjs', '*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      // `const { secret, ...rest } = x` is how the code drops a field; the dropped name is unused on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.test.ts', '**/testing/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests and the bench read the API's JSON untyped (as the harness's `call` does); the assertions check the shape.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['widget/**/*.test.ts', 'widget/src/testing/**/*.ts'],
    rules: {
      // Chai's property assertions (`expect(x).to.exist`, `.to.be.empty`) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  layers,
);
