/**
 * ES module entry: a tiny autoloader. Each Porchlight tag that appears in the document, now or later, loads its
 * element's module and defines it. Elements that host others (`<porch-portal>`) load those themselves.
 *
 * @example
 * <script type="module" src="https://api.example.com/widget/porchlight.js"></script>
 * <porch-portal></porch-portal>
 */
const pending: Record<string, () => Promise<{ define(tag: string): void }>> = {
  'porch-portal': () => import('./elements/portal/portal.js').then((m) => m.PorchPortal),
  'porch-status-timeline': () =>
    import('./elements/status-timeline/status-timeline.js').then((m) => m.PorchStatusTimeline),
  'porch-share-links': () => import('./elements/share-links/share-links.js').then((m) => m.PorchShareLinks),
  'porch-booking-calendar': () =>
    import('./elements/booking-calendar/booking-calendar.js').then((m) => m.PorchBookingCalendar),
  'porch-ticket-infos': () => import('./elements/ticket-infos/ticket-infos.js').then((m) => m.PorchTicketInfos),
  'porch-ticket-thread': () => import('./elements/ticket-thread/ticket-thread.js').then((m) => m.PorchTicketThread),
  'porch-resolution': () => import('./elements/resolution/resolution.js').then((m) => m.PorchResolution),
  'porch-feedback-form': () => import('./elements/feedback-form/feedback-form.js').then((m) => m.PorchFeedbackForm),
  'porch-job-list': () => import('./elements/job-list/job-list.js').then((m) => m.PorchJobList),
  'porch-invoice-list': () => import('./elements/invoice-list/invoice-list.js').then((m) => m.PorchInvoiceList),
  'porch-ticket-documents': () =>
    import('./elements/ticket-documents/ticket-documents.js').then((m) => m.PorchTicketDocuments),
  'porch-service-requests': () =>
    import('./elements/service-requests/service-requests.js').then((m) => m.PorchServiceRequests),
};

/**
 * The build writes here, per element (`porch-<name>`), every chunk its first view needs (see `preloadManifest` in
 * rollup.config.mjs); unbuilt (tests run the sources) it stays empty.
 */
const manifest = '__PORCH_PRELOAD__';
const preloads: Record<string, string[]> = manifest.startsWith('{') ? JSON.parse(manifest) : {};

/** Asks for all of `tag`'s first-view chunks at once, rather than one import level after the other. */
function preload(tag: string): void {
  for (const file of preloads[tag.slice('porch-'.length)] ?? []) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = new URL(`chunks/${file}`, import.meta.url).href;
    document.head.append(link);
  }
}

function scan(): void {
  for (const [tag, load] of Object.entries(pending)) {
    if (!document.querySelector(tag)) continue;
    delete pending[tag];
    preload(tag);
    load()
      .then((element) => element.define(tag))
      .catch((error: unknown) => console.error(`[porchlight:load-failed] <${tag}>`, error));
  }
  if (!Object.keys(pending).length) observer.disconnect();
}

const observer = new MutationObserver(scan);
observer.observe(document.documentElement, { childList: true, subtree: true });
scan();
