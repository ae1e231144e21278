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

/**
 * The first view's module graph, in the entry: for each tag, the chunks its element imports statically (and those of
 * the elements its first view shows, `FIRST_VIEW`), so the entry can `modulepreload` them all at once when the tag
 * appears instead of the browser finding them one import level at a time. Replaces the entry's `'__PORCH_PRELOAD__'`.
 */
const FIRST_VIEW = { 'elements/portal/portal.ts': ['elements/status-timeline/status-timeline.ts'] };
const preloadManifest = {
  name: 'preload-manifest',
  generateBundle(_, bundle) {
    const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
    // By every module, not only facades: a manual chunk (see manualChunks) may hold an element beside its texts.
    const byModule = new Map(chunks.flatMap((c) => c.moduleIds.map((id) => [id, c])));
    const closure = (chunk, seen = new Set()) => {
      if (seen.has(chunk.fileName)) return seen;
      seen.add(chunk.fileName);
      for (const name of chunk.imports) closure(bundle[name], seen);
      return seen;
    };
    const src = resolve('widget/src') + sep;
    for (const entry of chunks.filter((c) => c.isEntry && c.code.includes('__PORCH_PRELOAD__'))) {
      const manifest = {};
      for (const name of entry.dynamicImports) {
        const chunk = bundle[name];
        const module = relative(src, chunk.facadeModuleId ?? '')
          .split(sep)
          .join('/');
        const files = closure(chunk);
        for (const extra of FIRST_VIEW[module] ?? []) closure(byModule.get(src + extra), files);
        manifest[module.replace(/^elements\/[^/]+\//, '').replace(/\.ts$/, '')] = [...files].map((file) =>
          file.replace(/^chunks\//, ''),
        );
      }
      entry.code = entry.code.replace(/(["'])__PORCH_PRELOAD__\1/, JSON.stringify(JSON.stringify(manifest)));
    }
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
          // One chunk fewer each on the first view (about 0.3 KB gz): the clock, the common texts and @lit/task ride
          // with the base element (all but four elements use the clock), the timeline's English texts with the
          // timeline (the job list, their other user, then loads the timeline's chunk, which opening a job needs).
          manualChunks: (id) =>
            /\/node_modules\/@lit\/task\/|widget\/src\/(internal\/(porch-element|clock)|i18n\/en\/common)\.ts$/.test(id)
              ? 'porch-element'
              : /widget\/src\/(i18n\/en\/timeline|elements\/status-timeline\/status-timeline)\.ts$/.test(id)
                ? 'status-timeline'
                : undefined,
        },
        plugins: [...plugins(), preloadManifest],
      },
      // The company console (/admin): its own bundle, never loaded by the widget's pages.
      {
        input: 'widget/src/console/index.ts',
        output: { file: 'dist/console.js', format: 'es', inlineDynamicImports: true },
        plugins: plugins(),
      },
      {
        input: 'widget/src/define.ts',
        output: { file: 'dist/porchlight.iife.js', format: 'iife', name: 'Porchlight', inlineDynamicImports: true },
        plugins: plugins(),
      },
    ];
