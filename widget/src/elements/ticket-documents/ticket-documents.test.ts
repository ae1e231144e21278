import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { PorchClient } from '../../api/client.js';
import { downloadDocument } from '../../api/documents.js';
import type { PorchDocumentUploadedEvent } from '../../events/document-uploaded.js';
import type { PorchErrorEvent } from '../../events/error.js';
import {
  blockApi,
  createSession,
  documented,
  onPhone,
  overflowing,
  part,
  porchProperties,
  privateTokenProblems,
  renderedParts,
  shadow,
  text,
  unblockApi,
} from '../../testing/fixtures.js';
import { PorchTicketDocuments } from './ticket-documents.js';

PorchTicketDocuments.define('porch-ticket-documents');

const MB = 1024 * 1024;

async function documentsEl(lang = 'en') {
  const { api, session, ticketId } = await createSession({ profile: { modules: ['status', 'messages'] } });
  const errors: string[] = [];
  const wrapper = await fixture(
    html`<div lang=${lang}>
      <porch-ticket-documents
        api=${api}
        token=${session}
        ticket-id=${ticketId}
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-ticket-documents>
    </div>`,
  );
  const el = wrapper.querySelector<PorchTicketDocuments>('porch-ticket-documents')!;
  return { el, api, session, ticketId, errors };
}
const shown = (el: Element, name: string, timeout = 5000) =>
  waitUntil(() => part(el, name), `part ${name} never showed`, { timeout });

/** A PNG's structure (signature, IHDR, one IDAT holding the rest), `size` bytes long. */
const png = (size: number) => {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31) & 0xff;
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(33, size - 45);
  bytes.set([0x49, 0x44, 0x41, 0x54], 37);
  return bytes;
};
/** An ELF executable's first bytes, dressed as a PDF. */
const elf = () => new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(200).fill(0x90)]);

/** Chooses files through the element's own file input, as the picker does. */
function choose(el: PorchTicketDocuments, files: File[]) {
  const input = shadow(el).querySelector<HTMLInputElement>('input[type=file]')!;
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
const names = (el: Element) => [...shadow(el).querySelectorAll('[part~=download]')].map((node) => text(node));

describe('<porch-ticket-documents>', () => {
  afterEach(() => unblockApi());

  it('shows the empty state with the picker, keyboard reachable, and is accessible', async () => {
    const { el } = await documentsEl();
    await shown(el, 'empty');
    expect(text(part(el, 'empty'))).to.equal('No documents yet.');
    expect(text(part(el, 'hint'))).to.equal('Photos, PDFs, text or office documents, up to 10 MB each.');
    const choose = part(el, 'choose') as HTMLButtonElement;
    expect(choose.tagName).to.equal('BUTTON');
    choose.focus();
    expect(shadow(el).activeElement).to.equal(choose);
    await expect(el).to.be.accessible();
  });

  it('uploads through the file input with a labelled progress bar, then lists it and emits the event', async () => {
    const { el, api, session, ticketId } = await documentsEl();
    await shown(el, 'empty');
    const bytes = png(1.5 * MB);
    const uploaded = oneEvent(el, 'porch-document-uploaded');
    choose(el, [new File([bytes], 'meter photo.png', { type: 'image/png' })]);
    await shown(el, 'progress');
    const progress = part(el, 'progress') as HTMLProgressElement;
    expect(progress.getAttribute('aria-label')).to.equal('Uploading meter photo.png');
    expect(progress.max).to.equal(bytes.length);
    // The bytes go out while the element shows it; the bar moves before the answer arrives.
    await waitUntil(() => !part(el, 'progress') || (part(el, 'progress') as HTMLProgressElement).value > 0, '', {
      timeout: 8000,
    });
    await waitUntil(() => !part(el, 'progress'), `still: ${text(part(el, 'uploads'))}`, { timeout: 8000 });
    const event: PorchDocumentUploadedEvent = await uploaded;
    expect(event.detail.ticketId).to.equal(ticketId);
    expect(event.detail.document).to.include({ name: 'meter photo.png', contentType: 'image/png', size: bytes.length });
    await waitUntil(() => !part(el, 'progress'), 'the progress bar stayed');
    expect(names(el)).to.deep.equal(['meter photo.png']);
    expect(text(part(el, 'meta'))).to.match(/^1.5 MB · .+ · From you$/);
    expect(part(el, 'download')!.getAttribute('aria-label')).to.equal('Download meter photo.png');
    await expect(el).to.be.accessible();
    // What the download button fetches is the file, byte for byte.
    const client = new PorchClient({ baseUrl: api, session });
    const blob = await downloadDocument(client, ticketId, event.detail.document.id);
    expect(new Uint8Array(await blob.arrayBuffer())).to.deep.equal(bytes);
  });

  it('shows a refusal in its row while the other files of the batch go on', async () => {
    const { el } = await documentsEl();
    await shown(el, 'empty');
    choose(el, [
      new File([elf()], 'invoice.pdf', { type: 'application/pdf' }),
      new File([png(10 * MB + 1)], 'huge.png', { type: 'image/png' }),
      new File(['Serial number: 4711\n'], 'serial.txt', { type: 'text/plain' }),
    ]);
    await waitUntil(() => names(el).length === 1, 'serial.txt never listed', { timeout: 10000 });
    expect(names(el)).to.deep.equal(['serial.txt']);
    await waitUntil(() => shadow(el).querySelectorAll('[part~=upload-error]').length === 2, 'refusals not shown');
    const rows = [...shadow(el).querySelectorAll('[part~=upload]')].map((row) => text(row));
    expect(rows).to.deep.equal([
      'invoice.pdf This kind of file is not accepted.',
      'huge.png This file is larger than 10 MB.',
    ]);
    await expect(el).to.be.accessible();
  });

  it('says a failed load, reports porch-error, and Retry recovers', async () => {
    const { api, session, ticketId } = await createSession({ profile: { modules: ['status', 'messages'] } });
    await blockApi(api);
    const errors: string[] = [];
    const el = await fixture<PorchTicketDocuments>(
      html`<porch-ticket-documents
        api=${api}
        token=${session}
        ticket-id=${ticketId}
        @porch-error=${(e: PorchErrorEvent) => errors.push(e.detail.code)}
      ></porch-ticket-documents>`,
    );
    await shown(el, 'error');
    expect(errors).to.deep.equal(['NETWORK_ERROR']);
    expect(part(el, 'dropzone')).to.equal(null);
    await expect(el).to.be.accessible();
    await blockApi(api, false);
    shadow(el).querySelector<HTMLButtonElement>('[part~=error] button')!.click();
    await shown(el, 'empty');
  });

  it('speaks German and Arabic (right to left)', async () => {
    const { el } = await documentsEl('de');
    await shown(el, 'empty');
    expect(text(part(el, 'heading'))).to.equal('Dokumente');
    expect(text(part(el, 'choose'))).to.equal('Dateien auswählen');
    const arabic = await documentsEl('ar');
    await shown(arabic.el, 'empty');
    expect(text(part(arabic.el, 'heading'))).to.equal('المستندات');
    expect(getComputedStyle(arabic.el).direction).to.equal('rtl');
  });

  it('fits 320 px with a long file name and a refusal', async () => {
    const { el } = await documentsEl();
    await shown(el, 'empty');
    await onPhone(async () => {
      choose(el, [
        new File(['x'], `${'very-long-file-name-'.repeat(6)}.txt`),
        new File([elf()], 'refused.pdf', { type: 'application/pdf' }),
      ]);
      await waitUntil(() => names(el).length === 1 && part(el, 'upload-error'), 'uploads did not settle', {
        timeout: 10000,
      });
      expect(overflowing(el)).to.deep.equal([]);
    });
  });

  it('renders every documented part and property, and documents every one it renders', async () => {
    const { parts, properties } = await documented('elements/ticket-documents/ticket-documents.ts');
    const seen = new Set<string>(['loading', 'error', 'empty', 'progress', 'download-error']);
    const { el } = await documentsEl();
    await shown(el, 'empty');
    choose(el, [new File(['hello'], 'a.txt'), new File([elf()], 'b.pdf')]);
    await waitUntil(() => names(el).length === 1 && part(el, 'upload-error'), 'uploads did not settle');
    for (const name of renderedParts(el)) seen.add(name);
    expect([...seen].sort()).to.deep.equal(parts);
    expect(porchProperties(PorchTicketDocuments.styles)).to.deep.equal(properties);
    expect(privateTokenProblems(PorchTicketDocuments.styles)).to.deep.equal([]);
  });
});
