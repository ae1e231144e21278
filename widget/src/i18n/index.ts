import type { Lang, Translation } from './translation.js';

export type * from './translation.js';
export type * from './texts/booking.js';
export type * from './texts/documents.js';
export type * from './texts/feedback.js';
export type * from './texts/invoice-list.js';
export type * from './texts/job-list.js';
export type * from './texts/portal.js';
export type * from './texts/resolution.js';
export type * from './texts/service-requests.js';
export type * from './texts/share-links.js';
export type * from './texts/ticket-infos.js';
export type * from './texts/ticket-thread.js';
export type * from './texts/timeline.js';

/**
 * Every language besides English, each its own chunk, loaded the first time an element needs it. The ES build
 * resolves these imports against the script's own URL; the IIFE build (one file, no chunks) carries them inline.
 */
const loaders: Record<Exclude<Lang, 'en'>, () => Promise<Record<string, Translation>>> = {
  de: () => import('./de.js'),
  fr: () => import('./fr.js'),
  es: () => import('./es.js'),
  it: () => import('./it.js'),
  ar: () => import('./ar.js'),
};
const loaded = new Map<string, Promise<Translation | null>>();

/** The language tag that applies to `el`: its closest `[lang]`, looking out through shadow roots up to `<html>`. */
export function languageOf(el: Element): string | null {
  let node: Element | null = el;
  while (node) {
    const match = node.closest('[lang]:not([lang=""])');
    if (match) return match.getAttribute('lang');
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/**
 * The language to ask the API for a profile's own texts in: the one the built-in texts show when the page declares
 * a language (`de-AT` → `de`; one without texts → `en`), else none — the API then answers in the profile's language,
 * which the built-in texts follow too.
 */
export function textsLanguage(el: Element): Lang | undefined {
  const primary = languageOf(el)?.toLowerCase().split('-')[0];
  return primary ? (primary in loaders ? (primary as Lang) : 'en') : undefined;
}

/**
 * The translation for a language tag (`de-AT` → German); null for English, whose texts each element bundles, and
 * for a language without texts or whose texts fail to load (English then shows).
 */
export function loadTranslation(tag: string): Promise<Translation | null> {
  const primary = tag.toLowerCase().split('-')[0] ?? '';
  const load = loaders[primary as keyof typeof loaders];
  if (!load) return Promise.resolve(null);
  let translation = loaded.get(primary);
  if (!translation) {
    translation = load().then(
      (module) => module[primary]!,
      () => {
        loaded.delete(primary);
        return null;
      },
    );
    loaded.set(primary, translation);
  }
  return translation;
}

/** An Intl date format in `timeZone`; an unknown zone or locale falls back instead of breaking the render. */
export function dateFormat(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat(undefined, options);
  }
}

/** An Intl number format; an unknown locale falls back instead of breaking the render. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, options);
  } catch {
    return new Intl.NumberFormat(undefined, options);
  }
}
