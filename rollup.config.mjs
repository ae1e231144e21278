// Builds the widget: dist/porchlight.js (ES module autoloader + hashed chunks) and dist/porchlight.iife.js
// (one classic script). Lit resolves to its production build; nothing from api/ but types is imported.
// With `--environment PORCH_PACKAGE` (npm run build:package) it builds the npm package into widget/dist instead:
// the no-define entry and the define entry as ES modules that import Lit rather than bundle it.
import { rmSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

const asPackage = Boolean(process.env.PORCH_PACKAGE);
// Chunk names carry content hashes: drop the previous build's so stale files never ship.
rmSync(asPackage ? 'widget/dist' : 'dist/chunks', { recursive: true, force: true });

const serverCode = resolve('api') + sep;

/**
 * Fails the build when a widget module imports a value from api/ (server code must never reach the bundle): type
 * imports are gone by the time rollup resolves modules, so any api/ file that gets loaded came from a value import.
 */
const typesOnlyFromApi = {
  name: 'types-only-from-api',
  load(id) {
    if (id.startsWith(serverCode)) this.error(`${relative('.', id)} is server code: import only types from api/`);
    return null;
  },
};

/**
 * Lit's css`` templates keep their source's indentation and comments, which esbuild leaves alone inside template
 * literals: ship them without (whitespace runs become one space, none around { } ; , >), keep the source readable.
 */
const minifyCssTemplates = {
  name: 'minify-css-templates',
  transform(code, id) {
    if (!id.startsWith(resolve('widget/src') + sep) || !code.includes('css`')) return null;
    const minify = (css) =>
      css
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\s+/g, ' ')
        .replace(/ ?([{};,>]) ?/g, '$1')
        .trim();
    return { code: code.replace(/\bcss`([^`]*)`/g, (_, css) => `css\`${minify(css)}\``), map: null };
  },
};

const plugins = () => [
  typesOnlyFromApi,
  minifyCssTemplates,
  nodeResolve({ browser: true }),
  esbuild({ target: 'es2022', minify: true, legalComments: 'none', tsconfig: 'tsconfig.json' }),
];

/** The npm package (widget/package.json): Lit stays an import, so an app that uses Lit itself loads it once. */
const widgetPackage = {
  input: { index: 'widget/src/index.ts', define: 'widget/src/define.ts' },
  external: (id) => /^(lit|@lit\/)/.test(id),
  output: { dir: 'widget/dist', format: 'es', chunkFileNames: 'chunks/[name]-[hash].js' },
  plugins: plugins(),
};

export default asPackage
  ? widgetPackage
  : [
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
