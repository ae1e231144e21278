import { WIDGET_LANGUAGES, type LocalizedText, type WidgetLanguage } from '../schemas/contract/languages';

/** A text as a write gives it: a map by language, a plain string (the fallback language's) or null. */
export type TextInput = LocalizedText | string | null;

const isLanguage = (tag: string | undefined | null): tag is WidgetLanguage =>
  (WIDGET_LANGUAGES as readonly string[]).includes(tag ?? '');

/** `de-AT` → `de`; undefined for a language the widget does not speak. */
export function primaryLanguage(tag: string | undefined | null): WidgetLanguage | undefined {
  const primary = tag?.toLowerCase().split('-')[0];
  return isLanguage(primary) ? primary : undefined;
}

/**
 * The text to store: a map replaces the current one; a plain string sets (or, empty, removes) the fallback
 * language's entry and keeps the other languages; null, or nothing left, is no text.
 */
export function storedText(input: TextInput, current: LocalizedText | null, fallback: string): LocalizedText | null {
  let next: LocalizedText;
  if (input === null) return null;
  if (typeof input === 'string') {
    next = { ...current };
    const lang = primaryLanguage(fallback) ?? 'en';
    if (input.trim()) next[lang] = input;
    else delete next[lang];
  } else next = input;
  const entries = WIDGET_LANGUAGES.filter((lang) => next[lang]).map((lang) => [lang, next[lang]!] as const);
  return entries.length ? Object.fromEntries(entries) : null;
}

/** The text in the requested language, else in the profile's fallback language, else in the first it has. */
export function pickText(text: LocalizedText | null, lang: string | undefined, fallback: string): string | null {
  if (!text) return null;
  for (const wanted of [primaryLanguage(lang), primaryLanguage(fallback)]) {
    if (wanted && text[wanted]) return text[wanted];
  }
  return WIDGET_LANGUAGES.map((l) => text[l]).find(Boolean) ?? null;
}
