// Builds the widget: dist/porchlight.js (ES module autoloader + hashed chunks) and dist/porchlight.iife.js
// (one classic script). Lit resolves to its production build; nothing from api/ but types is imported.
import { rmSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

// Chunk names carry content hashes: drop the previous build's so stale files never ship.
rmSync('dist/chunks', { recursive: true, force: true });

const plugins = () => [
  nodeResolve({ browser: true }),
  esbuild({ target: 'es2022', minify: true, legalComments: 'none', tsconfig: 'tsconfig.json' }),
];

export default [
  {
    input: 'widget/src/porchlight.ts',
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: 'porchlight.js',
      chunkFileNames: 'chunks/[name]-[hash].js',
    },
    plugins: plugins(),
  },
  {
    input: 'widget/src/define.ts',
    output: { file: 'dist/porchlight.iife.js', format: 'iife', name: 'Porchlight', inlineDynamicImports: true },
    plugins: plugins(),
  },
];
