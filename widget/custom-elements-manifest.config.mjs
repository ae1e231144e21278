// `npm run manifest`: widget/custom-elements.json from the elements' JSDoc headers (@summary @event @csspart
// @cssproperty) and their Lit properties. The docs page in the demo and the npm package are built from it.
export default {
  globs: ['widget/src/elements/*/*.ts', 'widget/src/internal/porch-element.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts'],
  outdir: 'widget',
  litelement: true,
  packagejson: false,
};
