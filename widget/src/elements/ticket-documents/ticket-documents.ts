import { Task } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { downloadDocument, listDocuments, uploadDocument } from '../../api/documents.js';
import { PorchApiError, toPorchApiError } from '../../api/errors.js';
import type { TicketDocument, TicketDocuments } from '../../api/types.js';
import { PorchDocumentUploadedEvent } from '../../events/document-uploaded.js';
import { documents } from '../../i18n/en/documents.js';
import { dateFormat, numberFormat } from '../../i18n/index.js';
import { viewerZone } from '../../internal/clock.js';
import { PorchElement } from '../../internal/porch-element.js';
import { saveBlob } from '../../internal/save-blob.js';
import { styles } from './ticket-documents.styles.js';

interface Upload {
  key: number;
  name: string;
  sent: number;
  total: number;
  /** Why it failed, already said in the active language; undefined while it goes. */
  problem?: string;
}

/**
 * @tagname porch-ticket-documents
 * @summary A ticket's documents: the list with download buttons, and uploads by drag and drop or the file picker.
 *
 * Loads `GET /v1/portal/tickets/:id/documents` (scope `comments`: the profile's messages module) with the client of
 * an enclosing `<porch-portal>` or its own `api` and `token`. Several files may be chosen or dropped at once; each
 * uploads on its own with a progress bar, and a refused one (too large, a type the company does not take, empty)
 * says why in its row while the others go on. The API decides the type from the file's bytes; a file over the
 * size the API names is refused before it is sent. Downloads are fetched with the session, never a URL with it.
 *
 * @event porch-document-uploaded - {PorchDocumentUploadedEvent} A file was stored: `{ticketId, document}`.
 * @event porch-error - {PorchErrorEvent} The list failed to load: `{code}`, e.g. `NOT_FOUND`, `SCOPE_REQUIRED`.
 *
 * @csspart base - The whole element.
 * @csspart heading - "Documents".
 * @csspart list - The stored documents.
 * @csspart item - One document.
 * @csspart download - A document's name, a button that downloads it.
 * @csspart meta - Size, date and who added it.
 * @csspart empty - No documents yet.
 * @csspart dropzone - Where files may be dropped; has the button to choose them.
 * @csspart choose - "Choose files".
 * @csspart hint - What may be uploaded, and how large.
 * @csspart uploads - The files being uploaded or refused.
 * @csspart upload - One of them.
 * @csspart progress - Its progress bar.
 * @csspart upload-error - Why it was refused.
 * @csspart download-error - A download failed.
 * @csspart loading - The loading state (first load only).
 * @csspart error - The list failed to load.
 *
 * @cssproperty --porch-color-primary - Buttons, focus rings, the drop zone while dragging. Default `#2563eb`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - Sizes, dates, hints, states. Default `#5b6474`.
 * @cssproperty --porch-color-border - Rows and the drop zone's border. Default `#e2e8f0`.
 * @cssproperty --porch-color-surface - Background. Default `#ffffff`.
 * @cssproperty --porch-color-on-primary - Text on the accent colour (button labels). Default `#fff`.
 * @cssproperty --porch-color-danger - A refused upload or failed download. Default `#b91c1c`.
 * @cssproperty --porch-font-family - Font. Default: the system font.
 * @cssproperty --porch-font-size - Base font size. Default `1rem`.
 * @cssproperty --porch-radius - Corner radius. Default `0.75rem`.
 *
 * @example
 * <porch-ticket-documents api="https://api.example.com" token="eyJ…" ticket-id="tkt_123"></porch-ticket-documents>
 */
export class PorchTicketDocuments extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #task = new Task(this, {
    task: ([client, ticketId], { signal }) => this.#load(client, ticketId, signal),
    args: () => [this.client, this.#ticketId] as const,
    onComplete: (loaded) => (this.loaded = loaded),
    onError: (error) => (this.failed = !this.reportError(error)),
  });
  #nextKey = 0;

  @query('input[type=file]') private input?: HTMLInputElement;

  @state() private loaded?: TicketDocuments;
  @state() private failed = false;
  @state() private uploads: Upload[] = [];
  @state() private dragging = false;
  @state() private announcement = '';
  @state() private downloadFailed = false;

  /** Id of the ticket. Inside `<porch-portal>` it defaults to the session's ticket. */
  @property({ attribute: 'ticket-id' }) ticketId?: string;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ticketId') && changed.get('ticketId') !== undefined) {
      this.loaded = undefined;
      this.uploads = [];
    }
  }

  /** Loads the list again, aborting a load still pending. */
  refresh(): Promise<void> {
    return this.#task.run();
  }

  get #ticketId(): string | undefined {
    return this.ticketId ?? this.porch?.session.ticketId ?? undefined;
  }

  get #t() {
    return this.texts('documents', documents);
  }

  async #load(client: PorchClient | undefined, ticketId: string | undefined, signal: AbortSignal) {
    this.failed = false;
    if (!client || !ticketId) throw new PorchApiError('NO_TOKEN');
    return listDocuments(client, ticketId, signal);
  }

  #size(bytes: number): string {
    const [unit, value] =
      bytes >= 1024 * 1024
        ? (['megabyte', bytes / 1024 / 1024] as const)
        : bytes >= 1024
          ? (['kilobyte', bytes / 1024] as const)
          : (['byte', bytes] as const);
    return numberFormat(this.locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
  }

  #update(key: number, change: Partial<Upload>) {
    this.uploads = this.uploads.map((upload) => (upload.key === key ? { ...upload, ...change } : upload));
  }

  /** Starts an upload per file; each succeeds or fails on its own. */
  #add(files: FileList | null | undefined) {
    const client = this.client;
    const ticketId = this.#ticketId;
    if (!files?.length || !client || !ticketId) return;
    // Refusals of an earlier batch give way to the new one.
    this.uploads = this.uploads.filter((upload) => !upload.problem);
    for (const file of files) void this.#upload(client, ticketId, file);
  }

  async #upload(client: PorchClient, ticketId: string, file: File) {
    const t = this.#t;
    const key = this.#nextKey++;
    this.uploads = [...this.uploads, { key, name: file.name, sent: 0, total: file.size }];
    const max = this.loaded?.maxFileBytes;
    if (max !== undefined && file.size > max) return this.#update(key, { problem: t.tooLarge(this.#size(max)) });
    try {
      const stored = await uploadDocument(client, ticketId, file, (sent, total) => this.#update(key, { sent, total }));
      this.uploads = this.uploads.filter((upload) => upload.key !== key);
      if (this.loaded) this.loaded = { ...this.loaded, items: [...this.loaded.items, stored] };
      this.announcement = t.uploaded(stored.name);
      this.emit(new PorchDocumentUploadedEvent({ ticketId, document: stored }));
    } catch (error) {
      this.#update(key, { problem: this.#problem(toPorchApiError(error).code) });
    }
  }

  #problem(code: string): string {
    const t = this.#t;
    switch (code) {
      case 'DOCUMENT_TOO_LARGE':
      case 'PAYLOAD_TOO_LARGE':
        return t.tooLarge(this.#size(this.loaded?.maxFileBytes ?? 10 * 1024 * 1024));
      case 'DOCUMENT_TYPE_REFUSED':
        return t.typeRefused;
      case 'DOCUMENT_EMPTY':
        return t.emptyFile;
      case 'DOCUMENT_QUOTA_EXCEEDED':
        return t.quotaExceeded;
      default:
        return t.uploadFailed;
    }
  }

  async #download(doc: TicketDocument) {
    const client = this.client;
    const ticketId = this.#ticketId;
    if (!client || !ticketId) return;
    this.downloadFailed = false;
    try {
      saveBlob(await downloadDocument(client, ticketId, doc.id), doc.name);
    } catch {
      this.downloadFailed = true;
    }
  }

  #drop = (event: DragEvent) => {
    event.preventDefault();
    this.dragging = false;
    this.#add(event.dataTransfer?.files);
  };

  #over = (event: DragEvent) => {
    event.preventDefault();
    this.dragging = true;
  };

  protected override render() {
    const t = this.#t;
    return html`<section part="base" aria-labelledby="heading">
      <h3 part="heading" id="heading">${t.heading}</h3>
      ${this.#list()} ${this.loaded ? this.#uploader() : nothing}
      <p class="visually-hidden" role="status">${this.announcement}</p>
    </section>`;
  }

  #list() {
    const t = this.#t;
    const { loaded } = this;
    if (!loaded) {
      return this.failed
        ? html`<div part="error" class="notice" role="alert">
            <p>${t.loadFailed}</p>
            <button type="button" @click=${() => this.refresh()}>${t.retry}</button>
          </div>`
        : html`<div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${t.loading}</div>`;
    }
    if (!loaded.items.length) return html`<p part="empty" class="empty">${t.empty}</p>`;
    const date = dateFormat(this.locale, viewerZone(), { dateStyle: 'medium' });
    return html`<ul part="list" class="list">
        ${loaded.items.map(
          (doc) =>
            html`<li part="item" class="item">
              <button
                part="download"
                class="link"
                type="button"
                aria-label=${t.download(doc.name)}
                @click=${() => this.#download(doc)}
              >
                ${doc.name}
              </button>
              <span part="meta" class="meta"
                >${this.#size(doc.size)} · ${date.format(new Date(doc.createdAt))} ·
                ${t.uploadedBy[doc.uploadedBy]}</span
              >
            </li>`,
        )}
      </ul>
      ${
        this.downloadFailed
          ? html`<p part="download-error" class="problem" role="alert">${t.downloadFailed}</p>`
          : nothing
      }`;
  }

  #uploader() {
    const t = this.#t;
    return html`${
        this.uploads.length
          ? html`<ul part="uploads" class="uploads">
              ${this.uploads.map(
                (upload) =>
                  html`<li part="upload" class="upload">
                    <span class="upload-name">${upload.name}</span>
                    ${
                      upload.problem
                        ? html`<span part="upload-error" class="problem" role="alert">${upload.problem}</span>`
                        : html`<progress
                            part="progress"
                            aria-label=${t.uploading(upload.name)}
                            max=${upload.total || 1}
                            .value=${upload.sent}
                          ></progress>`
                    }
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      <div
        part="dropzone"
        class="dropzone ${this.dragging ? 'dragging' : ''}"
        @dragover=${this.#over}
        @dragenter=${this.#over}
        @dragleave=${() => (this.dragging = false)}
        @drop=${this.#drop}
      >
        <span>${t.drop}</span>
        <button part="choose" type="button" @click=${() => this.input?.click()}>${t.choose}</button>
        <input
          type="file"
          multiple
          hidden
          @change=${(event: Event) => {
            const input = event.target as HTMLInputElement;
            this.#add(input.files);
            input.value = '';
          }}
        />
        <p part="hint" class="hint">${t.hint(this.#size(this.loaded!.maxFileBytes))}</p>
      </div>`;
  }
}
