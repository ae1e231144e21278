import { readFile } from 'node:fs/promises';

/** The parts of a Custom Elements Manifest (schema 2.x) the docs page shows. */
interface Named {
  name: string;
  description?: string;
  type?: { text: string };
}
export interface ElementDoc {
  tagName: string;
  name: string;
  summary?: string;
  description?: string;
  attributes?: (Named & { fieldName?: string })[];
  members?: (Named & { kind: string; privacy?: string; static?: boolean; attribute?: string })[];
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
}
interface Manifest {
  modules: { declarations?: (Partial<ElementDoc> & { customElement?: boolean })[] }[];
}

/** What a live example needs: a session on a demo ticket (null when none could be opened: examples show why). */
export interface LiveSession {
  api: string;
  session: string;
  ticketId: string;
}

const MANIFEST = new URL('../widget/custom-elements.json', import.meta.url);

/** Every element the manifest declares with a tag, in the manifest's order. */
export async function readElements(): Promise<ElementDoc[]> {
  const manifest = JSON.parse(await readFile(MANIFEST, 'utf8')) as Manifest;
  return manifest.modules.flatMap((m) => m.declarations ?? []).filter((d): d is ElementDoc => Boolean(d.tagName));
}

/** The public properties of an element: fields and methods without a privacy modifier. */
export const publicMembers = (el: ElementDoc) =>
  (el.members ?? []).filter(
    (m) => !m.privacy && !m.name.startsWith('#') && (m.kind === 'field' || m.kind === 'method'),
  );

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** JSDoc text: escaped, `code` kept as code. */
const prose = (text = '') => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');

function table(kind: string, heading: string, columns: string[], rows: { name: string; cells: string[] }[]): string {
  if (!rows.length) return '';
  return `<h4>${heading}</h4>
<table>
  <thead><tr><th scope="col">Name</th>${columns.map((c) => `<th scope="col">${c}</th>`).join('')}</tr></thead>
  <tbody>
${rows.map((r) => `    <tr data-kind="${kind}" data-name="${escape(r.name)}"><th scope="row"><code>${escape(r.name)}</code></th>${r.cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}
  </tbody>
</table>`;
}

/** The tag with the attributes a live example (and the snippet to copy) needs. */
function exampleTag(el: ElementDoc, live: LiveSession | null, forCopy: boolean): string {
  const attributes = new Set((el.attributes ?? []).map((a) => a.name));
  const values: [string, string][] = [];
  if (attributes.has('api')) values.push(['api', forCopy || !live ? 'https://api.example.com' : live.api]);
  if (attributes.has('token')) values.push(['token', forCopy || !live ? 'SESSION_JWT' : live.session]);
  if (attributes.has('ticket-id')) values.push(['ticket-id', forCopy || !live ? 'TICKET_ID' : live.ticketId]);
  if (el.tagName === 'porch-ticket-infos' || el.tagName === 'porch-ticket-thread')
    values.push(['company', 'Acme Printer Repair']);
  const attrs = values.map(([name, value]) => ` ${name}="${escape(value)}"`).join('');
  return `<${el.tagName}${attrs}></${el.tagName}>`;
}

function elementSection(el: ElementDoc, live: LiveSession | null, apiUrl: string): string {
  const snippet = `<script type="module" src="${apiUrl}/widget/porchlight.js"></script>\n${exampleTag(el, null, true)}`;
  return `<section class="element" id="${el.tagName}" data-tag="${el.tagName}" aria-labelledby="${el.tagName}-title">
  <h3 id="${el.tagName}-title"><code>&lt;${el.tagName}&gt;</code> <small>${escape(el.name)}</small></h3>
  <p>${prose(el.summary)}</p>${el.description ? `\n  <p>${prose(el.description)}</p>` : ''}
  <h4>Live</h4>
  <div class="live">${exampleTag(el, live, false)}</div>
  <h4>Copy and paste</h4>
  ${codeBlock(snippet)}
  ${table(
    'attribute',
    'Attributes',
    ['Property', 'Type', 'Description'],
    (el.attributes ?? []).map((a) => ({
      name: a.name,
      cells: [
        `<code>${escape(a.fieldName ?? '')}</code>`,
        `<code>${escape(a.type?.text ?? '')}</code>`,
        prose(a.description),
      ],
    })),
  )}
  ${table(
    'property',
    'Properties and methods',
    ['Kind', 'Type', 'Description'],
    publicMembers(el).map((m) => ({
      name: m.name,
      cells: [
        `${m.static ? 'static ' : ''}${m.kind}`,
        `<code>${escape(m.type?.text ?? '')}</code>`,
        prose(m.description),
      ],
    })),
  )}
  ${table(
    'event',
    'Events',
    ['Description'],
    (el.events ?? []).map((e) => ({ name: e.name, cells: [prose(e.description)] })),
  )}
  ${table(
    'part',
    'CSS parts',
    ['Description'],
    (el.cssParts ?? []).map((p) => ({ name: p.name, cells: [prose(p.description)] })),
  )}
  ${table(
    'token',
    'CSS custom properties',
    ['Description'],
    (el.cssProperties ?? []).map((p) => ({ name: p.name, cells: [prose(p.description)] })),
  )}
</section>`;
}

const codeBlock = (code: string) =>
  `<div class="snippet"><pre><code>${escape(code)}</code></pre><button type="button" class="copy">Copy</button></div>`;

/** The recipes every integrator needs once, whatever elements they use. */
function recipes(apiUrl: string): string {
  return `<section id="recipes" aria-labelledby="recipes-title">
  <h2 id="recipes-title">Embedding</h2>
  <h3>Modern pages: the ES module entry</h3>
  <p>A tiny autoloader: each <code>porch-</code> tag on the page, now or later, loads its element's module. Language
  texts other than English load the same way, from the script's own URL, the first time an element needs them.</p>
  ${codeBlock(`<script type="module" src="${apiUrl}/widget/porchlight.js"></script>\n<porch-portal tenant="YOUR_TENANT_ID"></porch-portal>`)}
  <h3>Old CMSs: one classic script</h3>
  <p>Where a page cannot load modules, one file defines every element (all six languages inside, no further
  requests) and exposes the classes as <code>window.Porchlight</code>.</p>
  ${codeBlock(`<script src="${apiUrl}/widget/porchlight.iife.js"></script>\n<porch-portal tenant="YOUR_TENANT_ID"></porch-portal>`)}
  <h3>Bundlers: the npm package</h3>
  <p><code>@porchlight/widget</code> registers nothing on import; <code>@porchlight/widget/define</code> registers
  every element under its <code>porch-</code> tag. Types include <code>HTMLElementTagNameMap</code> and every event.</p>
  ${codeBlock(`import '@porchlight/widget/define';\n// or, to choose the tags yourself:\nimport { PorchStatusTimeline } from '@porchlight/widget';\nPorchStatusTimeline.define('porch-status-timeline');`)}
  <h3>When the script cannot load: fallback content</h3>
  <p>Put what the customer should see without the portal inside the tag: it shows until the element is defined (a
  blocked or failed script leaves it there) and disappears once the portal renders.</p>
  ${codeBlock(`<porch-portal tenant="YOUR_TENANT_ID">\n  <p>Follow your repair by phone: 030 123 456.</p>\n</porch-portal>`)}
  <h3>A strict Content-Security-Policy</h3>
  <p>No <code>'unsafe-inline'</code> and no <code>'unsafe-eval'</code> are needed: styles are constructed
  stylesheets (adoptedStyleSheets), which <code>style-src</code> does not block. Allow the widget's script and the API in
  <code>connect-src</code> (live updates are an EventSource); <code>img-src</code> for a logo on another host.</p>
  ${codeBlock(`Content-Security-Policy: default-src 'self'; script-src 'self' ${apiUrl}; style-src 'self'; connect-src 'self' ${apiUrl}; img-src 'self' data: https:`)}
  <h3>Theming</h3>
  <p>Three tiers: global <code>--porch-*</code> tokens (colours, font, radius) on any ancestor; per-element tokens
  <code>--porch-&lt;element&gt;-&lt;thing&gt;</code> that fall back to the global ones; private <code>--_*</code> inside
  the shadow root (not API). <code>::part()</code> reaches every documented part. On <code>&lt;porch-portal&gt;</code>,
  the <code>theme</code> attribute or property sets the company's look before the API answers (so loading and error
  screens wear it), and asks for dark mode: <code>theme="dark"</code>, or <code>"auto"</code> to follow the visitor's
  system. Nothing turns dark unless the page asks. Your own CSS on the element always wins.</p>
  ${codeBlock(`<porch-portal theme='{"primary":"#c2410c","radius":"6px","mode":"auto"}'></porch-portal>\n<style>\n  porch-status-timeline { --porch-color-primary: #c2410c; --porch-status-timeline-dot-size: 1.25rem; }\n  porch-portal::part(tab-selected) { font-weight: 700; }\n</style>`)}
  <h3>Languages</h3>
  <p>English, German, French, Spanish, Italian and Arabic. The closest <code>lang</code> attribute decides, per
  element (through shadow roots, up to <code>&lt;html&gt;</code>); Arabic lays the element out right to left.</p>
  ${codeBlock(`<div lang="ar"><porch-status-timeline ticket-id="TICKET_ID" token="SESSION_JWT"></porch-status-timeline></div>`)}
</section>`;
}

/** The integrator docs page: every element of the manifest with live examples, then the embedding recipes. */
export function renderDocs(
  elements: ElementDoc[],
  apiUrl: string,
  live: LiveSession | null,
  partials: Record<string, string>,
) {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Porchlight elements — integrator docs</title>
    ${partials.HEAD}
    <script type="module" src="${apiUrl}/widget/porchlight.js"></script>
  </head>
  <body class="docs">
    ${partials.HEADER}
    <main>
      <div class="page-head">
        <h1>Porchlight elements</h1>
        <p>Generated from <code>custom-elements.json</code>. ${live ? 'The live examples show a demo ticket.' : 'Live examples need the demo ticket, which could not be opened: they show their signed-out state.'}</p>
      </div>
      <nav aria-label="Elements"><ul>${elements.map((el) => `<li><a href="#${el.tagName}"><code>&lt;${el.tagName}&gt;</code></a></li>`).join('')}</ul></nav>
      ${recipes(apiUrl)}
      <h2>Elements</h2>
      ${elements.map((el) => elementSection(el, live, apiUrl)).join('\n')}
    </main>
    ${partials.FOOTER}
    <script src="/docs.js"></script>
  </body>
</html>`;
}
