/**
 * Invoices: the portal's invoice list read against the ticket read with the same customer-wide session (same run,
 * interleaved rounds, medians), and the PDF of a 50-line invoice: pages per second and the peak memory while
 * rendering (heap and external memory above the level before, sampled every millisecond).
 */
import { startHarness } from '../api/src/testing/harness';

export interface InvoiceBenchResult {
  listMs: number;
  ticketMs: number;
  pdfPages: number;
  pagesPerSecond: number;
  peakMemoryMb: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(times: number, task: () => Promise<void>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < times; i++) await task();
  return (performance.now() - started) / times;
}

export async function measureInvoices(reads = 300, pdfs = 20): Promise<InvoiceBenchResult> {
  const h = await startHarness();
  try {
    const ticket = await h.createTicket(h.a);
    const customerId = ticket.customer.id as string;
    const lines = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        description: `Part ${i + 1}: replacement assembly with fitting`,
        quantity: 1 + (i % 3),
        unitPrice: 1999 + i,
        taxRate: [0, 7, 19][i % 3],
      }));
    const sent = async (count: number) => {
      const draft = await h.call('POST', '/v1/admin/invoices', {
        auth: h.a.apiKey,
        body: { customerId, ticketId: ticket.id, currency: 'EUR', dueDate: '2026-12-31', lines: lines(count) },
      });
      await h.call('POST', `/v1/admin/invoices/${draft.body.id}/send`, { auth: h.a.apiKey });
      return draft.body.id as string;
    };
    for (let i = 0; i < 10; i++) await sent(5);
    const big = await sent(50);
    const link = await h.call('POST', `/v1/admin/customers/${customerId}/login-links`, { auth: h.a.apiKey });
    const session = (
      await h.call('POST', '/v1/portal/session', { body: { token: link.body.token }, origin: h.a.origin })
    ).body.session as string;
    const get = async (path: string) => {
      const res = await h.app.request(path, { headers: { authorization: `Bearer ${session}`, origin: h.a.origin } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      await res.arrayBuffer();
    };
    const list = () => get('/v1/portal/invoices');
    const read = () => get(`/v1/portal/tickets/${ticket.id}`);
    await timed(50, list);
    await timed(50, read);
    const lists: number[] = [];
    const tickets: number[] = [];
    for (let round = 0; round < 3; round++) {
      lists.push(await timed(reads / 3, list));
      tickets.push(await timed(reads / 3, read));
    }

    const pdf = async () => {
      const res = await h.app.request(`/v1/portal/invoices/${big}/pdf`, {
        headers: { authorization: `Bearer ${session}`, origin: h.a.origin },
      });
      return new TextDecoder('latin1').decode(await res.arrayBuffer());
    };
    const pages = (await pdf()).match(/\/Type \/Page\b/g)!.length;
    // Heap plus buffers outside it (pdfkit's chunks): RSS hardly moves once the warm-up run grew the process.
    const used = () => {
      const memory = process.memoryUsage();
      return memory.heapUsed + memory.external;
    };
    global.gc?.();
    const baseline = used();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, used())), 1);
    const started = performance.now();
    for (let i = 0; i < pdfs; i++) await pdf();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    return {
      listMs: median(lists),
      ticketMs: median(tickets),
      pdfPages: pages,
      pagesPerSecond: (pages * pdfs) / seconds,
      peakMemoryMb: (peak - baseline) / 1024 / 1024,
    };
  } finally {
    await h.close();
  }
}
