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

export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
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
