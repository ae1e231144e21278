// `npm run manifest`: widget/custom-elements.json from the elements' JSDoc headers (@tagname @summary @event
// @csspart @cssproperty) and their Lit properties. The docs page in the demo and the npm package are built from it;
// demo/docs.test.ts fails when the committed file is not what the sources give.
export default {
  globs: ['widget/src/elements/*/*.ts', 'widget/src/internal/porch-element.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts'],
  outdir: 'widget',
  litelement: true,
  packagejson: false,
  plugins: [
    {
      // The analyzer's module order varies from run to run: sorted, the file only changes when the sources do.
      name: 'elements-only-sorted',
      packageLinkPhase({ customElementsManifest }) {
        // Only what integrators use: the elements' modules and the base class they inherit members from. Helper
        // modules (a section table, a month grid) would put their source text in the file and churn it.
        customElementsManifest.modules = customElementsManifest.modules.filter(
          (module) =>
            module.path.endsWith('internal/porch-element.ts') ||
            (module.declarations ?? []).some((declaration) => declaration.customElement),
        );
        customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
      },
    },
  ],
};
