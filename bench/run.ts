/**
 * `npm run bench`: bundle sizes and API figures, each against its budget. Throughput and latency are reported as
 * ratios to a baseline measured in the same run on the same machine, never as absolute wall-clock pass/fail.
 */
import os from 'node:os';
import { benchAccess, benchLive, benchOutbox, benchThroughput } from './sections/api';
import { benchBooking, benchDocuments, benchInvoices, benchJobs } from './sections/features';
import { benchBundles, benchFirstView } from './sections/widget';

const failures: string[] = [];
/** `npm run bench -- live booking` runs only those sections, in this order; no arguments runs them all. */
const SECTIONS: Record<string, (failures: string[]) => void | Promise<void>> = {
  bundles: benchBundles,
  firstview: benchFirstView,
  throughput: benchThroughput,
  access: benchAccess,
  live: benchLive,
  outbox: benchOutbox,
  booking: benchBooking,
  jobs: benchJobs,
  invoices: benchInvoices,
  documents: benchDocuments,
};
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !Object.keys(SECTIONS).includes(name));
if (unknown.length)
  throw new Error(`unknown bench section ${unknown.join(', ')}; choose from ${Object.keys(SECTIONS).join(', ')}`);

console.log(`# Porchlight bench — ${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} cores\n`);

for (const [name, section] of Object.entries(SECTIONS))
  if (chosen.length === 0 || chosen.includes(name)) await section(failures);

console.log(failures.length ? `\nBudgets missed:\n- ${failures.join('\n- ')}` : '\nAll budgets met.');
process.exitCode = failures.length ? 1 : 0;
