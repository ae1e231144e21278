import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { publicMembers, readElements, renderDocs } from './docs';

const PARTIALS = { HEAD: '', HEADER: '', FOOTER: '' };

/** What the page lists for one element, by kind, from its `data-kind`/`data-name` rows. */
function listed(html: string, tag: string) {
  const section = html.match(new RegExp(`<section class="element" id="${tag}"[\\s\\S]*?</section>`))?.[0] ?? '';
  const kinds = {
    attribute: [] as string[],
    property: [] as string[],
    event: [] as string[],
    part: [] as string[],
    token: [] as string[],
  };
  for (const [, kind, name] of section.matchAll(/data-kind="(\w+)" data-name="([^"]+)"/g))
    kinds[kind as keyof typeof kinds].push(name!);
  return kinds;
}

test('the docs page lists exactly the elements, attributes, properties, events, parts and tokens of the manifest', async () => {
  const elements = await readElements();
  // Every tag the package registers is documented: an element without `@tagname` would be missing here.
  const defined = [...(await readFile('widget/src/define.ts', 'utf8')).matchAll(/\.define\('(porch-[\w-]+)'\)/g)];
  assert.ok(defined.length >= 9, 'positive control: define.ts registers the elements');
  assert.deepEqual(elements.map((el) => el.tagName).sort(), defined.map(([, tag]) => tag).sort());
  const html = renderDocs(elements, 'https://api.example.com', null, PARTIALS);
  const sections = [...html.matchAll(/<section class="element" id="([\w-]+)"/g)].map((m) => m[1]);
  assert.deepEqual(
    sections,
    elements.map((el) => el.tagName),
  );
  for (const el of elements) {
    const names = (list?: { name: string }[]) => (list ?? []).map((item) => item.name);
    assert.deepEqual(
      listed(html, el.tagName),
      {
        attribute: names(el.attributes),
        property: names(publicMembers(el)),
        event: names(el.events),
        part: names(el.cssParts),
        token: names(el.cssProperties),
      },
      el.tagName,
    );
    // A positive control for the row parser: every element has parts and tokens to find.
    assert.ok(listed(html, el.tagName).part.length > 0 && listed(html, el.tagName).token.length > 0, el.tagName);
  }
  assert.ok(html.includes('&lt;porch-portal theme='), 'the theming recipe');
});

test(
  'custom-elements.json is what the analyzer makes of the sources (npm run manifest)',
  { timeout: 120_000 },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'porch-cem-'));
    try {
      await promisify(execFile)(process.execPath, [
        'node_modules/@custom-elements-manifest/analyzer/cem.js',
        'analyze',
        '--config',
        'widget/custom-elements-manifest.config.mjs',
        // The analyzer resolves its outdir against the working directory.
        '--outdir',
        relative(process.cwd(), dir),
      ]);
      const fresh = JSON.parse(await readFile(join(dir, 'custom-elements.json'), 'utf8'));
      const committed = JSON.parse(await readFile('widget/custom-elements.json', 'utf8'));
      assert.deepEqual(committed, fresh);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
