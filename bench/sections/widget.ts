/** Bench sections of the widget as it ships: bundle sizes and the first view in Chromium. */
import { measureBundles } from '../bundles';
import { LINK, measureFirstView } from '../first-view';
import { kb, table } from './format';

export function benchBundles(failures: string[]) {
  console.log('## Bundles (gzip -9)\n');
  const bundles = measureBundles();
  console.log(
    table(
      ['bundle', 'files', 'gz', 'budget'],
      bundles.map((b) => {
        const verdict = b.budget === undefined ? '' : `${b.gzBytes <= b.budget ? 'PASS' : 'FAIL'} (≤ ${kb(b.budget)})`;
        if (b.budget !== undefined && b.gzBytes > b.budget)
          failures.push(`${b.name} is ${kb(b.gzBytes)} > ${kb(b.budget)}`);
        return [b.name, String(b.files), kb(b.gzBytes), verdict];
      }),
    ),
  );
}

export async function benchFirstView() {
  const rtt = LINK.latency;
  const mbps = (LINK.downloadThroughput * 8) / 1e6;
  console.log(
    `\n## First view: the demo's ticket link in Chromium over an emulated ${rtt} ms RTT / ${mbps} Mbps link (median of 3, cold cache)\n`,
  );
  const f = await measureFirstView();
  console.log(
    table(
      ['measure', 'value', 'target'],
      [
        [
          'scripts until the status shows',
          `${f.scripts} files, ${kb(f.scriptGzBytes)} gz (${kb(f.scriptTransferBytes)} on the wire)`,
          'reported (the ≤ 20 KB gz budget is checked on the build, under Bundles)',
        ],
        ['API calls (+ CORS preflights)', `${f.apiCalls} (+ ${f.preflights})`, ''],
        ['sequential round trips after the document', String(f.sequentialRoundTrips), 'reported'],
        ['time to status', `${f.statusMs.toFixed(0)} ms`, 'reported'],
      ],
    ),
  );
  console.log(`\nLongest chain: ${f.chain.join(' → ')}`);
}
