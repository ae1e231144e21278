import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = 'dist';
const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The file and every chunk it imports statically, transitively. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const [, spec] of code.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+)"/g))
    staticClosure(join(dirname(file), spec!), seen);
  return seen;
}

/**
 * What the entry preloads when `<porch-portal>` appears: its first view (the build writes the list into the entry, see
 * `preloadManifest` in rollup.config.mjs).
 */
function firstViewOf(name: string): Set<string> {
  const entry = readFileSync(join(DIST, 'porchlight.js'), 'utf8');
  const quoted = entry.match(/"(\{\\".*?\]\})"/);
  if (!quoted) throw new Error('The entry carries no preload manifest');
  const manifest = JSON.parse(JSON.parse(`"${quoted[1]}"`)) as Record<string, string[]>;
  return new Set([join(DIST, 'porchlight.js'), ...(manifest[name] ?? []).map((file) => join(DIST, 'chunks', file))]);
}

/** The chunk the entry loads lazily for `tag`. */
function lazyChunkFor(tag: string): string {
  const entry = readFileSync(join(DIST, 'porchlight.js'), 'utf8');
  const match = entry.match(new RegExp(`"${tag}":\\(\\)=>import\\("(\\.\\/[^"]+)"\\)`));
  if (!match) throw new Error(`The entry does not lazy-load <${tag}>`);
  return join(DIST, match[1]!);
}

export interface BundleRow {
  name: string;
  files: number;
  gzBytes: number;
  budget?: number;
}

export function measureBundles(): BundleRow[] {
  const entry = join(DIST, 'porchlight.js');
  const path = (tag: string) => new Set([...staticClosure(entry), ...staticClosure(lazyChunkFor(tag))]);
  const sum = (files: Set<string>) => [...files].reduce((total, file) => total + gz(file), 0);
  const timeline = path('porch-status-timeline');
  const firstView = firstViewOf('portal');
  const rows: BundleRow[] = [
    { name: 'porchlight.js (entry)', files: 1, gzBytes: gz(entry) },
    { name: 'entry + <porch-status-timeline>', files: timeline.size, gzBytes: sum(timeline) },
    // Issue #20's figure, which supersedes the former 14 KB "entry + timeline" budget: a ticket link's whole first view.
    {
      name: 'first view of <porch-portal> (entry + its preloads)',
      files: firstView.size,
      gzBytes: sum(firstView),
      budget: 20 * 1024,
    },
    { name: 'porchlight.iife.js (everything)', files: 1, gzBytes: gz(join(DIST, 'porchlight.iife.js')) },
  ];
  for (const chunk of readdirSync(join(DIST, 'chunks')).sort()) {
    const file = join(DIST, 'chunks', chunk);
    rows.push({ name: relative(DIST, file), files: 1, gzBytes: gz(file) });
  }
  return rows;
}
