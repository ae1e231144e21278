import { html } from 'lit';

/** Web addresses in a text; punctuation that ends a sentence is not part of them. */
const WEB_ADDRESS = /\bhttps?:\/\/[^\s<>"]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?')\]]+$/;

/** The text with its http(s) addresses as links; everything else stays text (no markup is ever parsed). */
export function withLinks(text: string) {
  const parts: unknown[] = [];
  let from = 0;
  for (const match of text.matchAll(WEB_ADDRESS)) {
    const address = match[0].replace(TRAILING_PUNCTUATION, '');
    const at = match.index;
    parts.push(
      text.slice(from, at),
      html`<a part="link" href=${address} target="_blank" rel="noopener noreferrer">${address}</a>`,
    );
    from = at + address.length;
  }
  parts.push(text.slice(from));
  return parts;
}
