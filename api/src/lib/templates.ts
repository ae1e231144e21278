/**
 * Message templates: plain text with `{{placeholder}}`s, rendered in one pass (a value that itself looks like a
 * placeholder stays as it is). The HTML form escapes everything and turns the portal link into a link.
 */
export const PLACEHOLDERS = [
  'customer.name',
  'company.name',
  'ticket.title',
  'ticket.reference',
  'ticket.status',
  'technician.name',
  'appointment.window',
  'portal.link',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
/** Filled only in Porchlight's own mails (login link, invoice, service request, messages); not offered to the tenants' templates. */
export type SystemPlaceholder =
  | 'messages.text'
  | 'link.minutes'
  | 'invoice.id'
  | 'invoice.number'
  | 'invoice.total'
  | 'invoice.dueDate'
  | 'request.reference'
  | 'request.summary'
  | 'request.reason';
export type TemplateValues = Partial<Record<Placeholder | SystemPlaceholder, string>>;

const PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;
const known = new Set<string>(PLACEHOLDERS);

/** The placeholders a template names that we do not know, in order of appearance. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PATTERN)].map((m) => m[1]!).filter((name) => !known.has(name));
}

export const usesPlaceholder = (template: string, name: Placeholder) =>
  [...template.matchAll(PATTERN)].some((m) => m[1] === name);

export function renderText(template: string, values: TemplateValues): string {
  return template.replace(PATTERN, (_, name: Placeholder) => values[name] ?? '');
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The text rendered as HTML paragraphs; the portal link becomes an anchor. */
export function renderHtml(template: string, values: TemplateValues): string {
  const parts: string[] = [];
  let last = 0;
  for (const match of template.matchAll(PATTERN)) {
    parts.push(escapeHtml(template.slice(last, match.index)));
    const name = match[1] as Placeholder;
    const value = values[name] ?? '';
    parts.push(
      name === 'portal.link' && value ? `<a href="${escapeHtml(value)}">${escapeHtml(value)}</a>` : escapeHtml(value),
    );
    last = match.index + match[0].length;
  }
  parts.push(escapeHtml(template.slice(last)));
  return parts
    .join('')
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

export { escapeHtml };
