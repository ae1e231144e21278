import { numberFormat } from './index.js';
import type { Plural } from './translation.js';

// Its own module: only elements that count something carry it.
/** `text`'s form for `count` by the plural rules of `locale`, with `#` replaced by the formatted count. */
export function plural(locale: string, count: number, text: Plural): string {
  let rules: Intl.PluralRules;
  try {
    rules = new Intl.PluralRules(locale);
  } catch {
    rules = new Intl.PluralRules('en');
  }
  return (text[rules.select(count)] ?? text.other).replace('#', numberFormat(locale, {}).format(count));
}
