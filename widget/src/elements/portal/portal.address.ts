/** The portal's part of the page's address: the link token it arrives with and the open job. */

/** The link token in `#porch=<token>`, if any. */
export function linkFromHash(): string | undefined {
  return new URLSearchParams(location.hash.slice(1)).get('porch') || undefined;
}

/** The job in `#porch-job=<id>`, if any: what a customer-wide portal shows (else the job list). */
export function jobFromHash(): string | undefined {
  return new URLSearchParams(location.hash.slice(1)).get('porch-job') || undefined;
}

/**
 * Puts the open job into the address, or takes it out: a new history entry (so Back returns to the list), or with
 * `replace` the current one.
 */
export function pushJobToHash(jobId: string | undefined, replace = false): void {
  const params = new URLSearchParams(location.hash.slice(1));
  if (jobId) params.set('porch-job', jobId);
  else params.delete('porch-job');
  const rest = String(params);
  const address = location.pathname + location.search + (rest ? `#${rest}` : '');
  if (replace) history.replaceState(history.state, '', address);
  else history.pushState(history.state, '', address);
}

/** Drops `porch=` from the fragment (keeping path, query and other fragment parts) so the token leaves the address bar. */
export function removeLinkFromHash(): void {
  const params = new URLSearchParams(location.hash.slice(1));
  params.delete('porch');
  const rest = String(params);
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
}

/** Only http(s) URLs from the profile become links and images. */
export function safeUrl(url: string | null): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}
