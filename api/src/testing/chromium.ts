import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's Chromium, headless, with the flags this machine needs (no sandbox as root, no background traffic). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** An unpacked extension whose service worker may call `chrome.sessions.restore()` (see `closeAndRestore`). */
const TAB_RESTORE_EXTENSION = fileURLToPath(new URL('./tab-restore-extension', import.meta.url));

/** `tabRestore`: with the extension `closeAndRestore` needs (extensions need the pipe transport). */
export function launchChromium(options: { tabRestore?: boolean } = {}): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    ...(options.tabRestore ? { pipe: true, enableExtensions: [TAB_RESTORE_EXTENSION] } : {}),
  });
}

/**
 * Closes the tab and reopens it the way the browser's "Reopen closed tab" does — its history and its sessionStorage
 * come back with it — through `chrome.sessions.restore()` in the test extension. Needs `launchChromium({ tabRestore })`.
 */
export async function closeAndRestore(browser: Browser, page: Page): Promise<Page> {
  const extension = await browser.waitForTarget((target) => target.type() === 'service_worker', { timeout: 10_000 });
  const worker = (await extension.worker())!;
  const url = page.url();
  await page.close();
  const reopened = browser.waitForTarget((target) => target.type() === 'page' && target.url() === url, {
    timeout: 15_000,
  });
  // The closed tab joins the browser's recently-closed list a moment after the close: retry until it is there.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const restored = await worker.evaluate('chrome.sessions.restore().then(() => true, () => false)');
    if (restored || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (await (await reopened).page())!;
}

/** Text of the first element matching `selector` anywhere in the page, shadow roots included ('' if none). */
export function deepText(page: Page, selector: string): Promise<string> {
  return page.evaluate((selector) => {
    const roots: (Document | ShadowRoot)[] = [document];
    while (roots.length) {
      const root = roots.shift()!;
      const hit = root.querySelector(selector);
      if (hit) return hit.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    }
    return '';
  }, selector);
}

/** Waits until `deepText(selector)` contains `text`; fails with what was there instead. */
export async function waitForDeepText(page: Page, selector: string, text: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < deadline) {
    seen = await deepText(page, selector);
    if (seen.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Expected "${text}" in ${selector}, saw "${seen}"`);
}
