import { Task } from '@lit/task';
import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError, toPorchApiError } from '../../api/errors.js';
import { serviceRequests, submitServiceRequest } from '../../api/service-requests.js';
import type { PortalServiceRequest, PortalServiceRequests, ServiceRequestInput, Urgency } from '../../api/types.js';
import { PorchServiceRequestedEvent } from '../../events/service-requested.js';
import { serviceRequests as english } from '../../i18n/en/service-requests.js';
import { dateFormat, numberFormat } from '../../i18n/index.js';
import { viewerZone } from '../../internal/clock.js';
import { PorchElement } from '../../internal/porch-element.js';
import { styles } from './service-requests.styles.js';

/** "Hauptstraße 5, 10115 Berlin": the street line, then postal code and city as far as known. */
const addressLine = (place: { line1: string; postalCode?: string | null; city?: string | null }) =>
  `${place.line1}, ${[place.postalCode, place.city].filter(Boolean).join(' ')}`;

const URGENCIES: Urgency[] = ['low', 'normal', 'high', 'emergency'];
const NEW_ADDRESS = 'new';
type Field = 'location' | 'line1' | 'postalCode' | 'city' | 'country' | 'serviceType' | 'description' | 'preferredDate';

/** The customer's calendar day, for the date field's minimum. */
const today = () => {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
};

/**
 * @tagname porch-service-requests
 * @summary The customer's service requests: a form to ask for a visit (one of their locations or a new address,
 * the company's service types, a description, a preferred date and the urgency) and "My requests" with a status
 * badge (pending, approved, declined) and the reason of a decline.
 *
 * Loads `GET /v1/portal/service-requests` (scope `requests`, a customer-wide session) with the client of an
 * enclosing `<porch-portal>` or its own `api` and `token`. While the company does not take requests the form is
 * hidden and only the list shows. Each field says what is wrong next to it; after sending, the form gives way to a
 * confirmation with the request's reference and the request heads the list as pending.
 *
 * @event porch-service-requested - {PorchServiceRequestedEvent} A request was sent: `{id, reference}`.
 * @event porch-error - {PorchErrorEvent} A load failed: `{code}`. Canceled, a failed load stays in its loading state.
 *
 * @csspart base - The form and the list.
 * @csspart form - The request form.
 * @csspart field - One labelled field of the form.
 * @csspart field-error - A field's validation message.
 * @csspart submit - The "Send request" button.
 * @csspart form-error - Why the request could not be sent.
 * @csspart success - The confirmation with the reference.
 * @csspart disabled - Said instead of the form while the company takes no requests.
 * @csspart heading - A section heading.
 * @csspart list - The list of requests.
 * @csspart request - One request (`<li>`).
 * @csspart badge - The status badge.
 * @csspart badge-pending - The badge of a pending request.
 * @csspart badge-approved - The badge of an approved request.
 * @csspart badge-declined - The badge of a declined request.
 * @csspart reason - Why a request was declined.
 * @csspart empty - No requests yet.
 * @csspart loading - The loading state.
 * @csspart error - The load failed, with Retry.
 *
 * @cssproperty --porch-color-primary - Buttons and focus rings. Default `#2563eb`.
 * @cssproperty --porch-color-on-primary - Text on the accent colour (button labels). Default `#fff`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - Dates, hints and the pending badge. Default `#5b6474`.
 * @cssproperty --porch-color-border - Borders. Default `#e2e8f0`.
 * @cssproperty --porch-color-surface - Background of the form and the list. Default `#ffffff`.
 * @cssproperty --porch-color-danger - Validation messages and the declined badge. Default `#b91c1c`.
 * @cssproperty --porch-font-family - Font. Default: the system font.
 * @cssproperty --porch-font-size - Base font size. Default `1rem`.
 * @cssproperty --porch-radius - Corner radius. Default `0.75rem`.
 * @cssproperty --porch-service-requests-approved-color - The "approved" badge. Default `#166534`.
 *
 * @example
 * <porch-service-requests api="https://api.example.com" token="eyJ…"></porch-service-requests>
 */
export class PorchServiceRequests extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #task = new Task(this, {
    task: ([client], { signal }) => this.#load(client, signal),
    args: () => [this.client] as const,
    onComplete: (data) => (this.data = data),
    onError: (error) => (this.failed = !this.reportError(error)),
  });

  @state() private data?: PortalServiceRequests;
  @state() private failed = false;
  @state() private location = '';
  @state() private errors: Partial<Record<Field, string>> = {};
  @state() private formError: string | null = null;
  @state() private sending = false;
  @state() private sent: PortalServiceRequest | null = null;
  @state() private left = 0;

  /** Loads the requests again, aborting a load still pending. */
  refresh(): Promise<void> {
    return this.#task.run();
  }

  get #t() {
    return this.texts('serviceRequests', english);
  }

  async #load(client: PorchClient | undefined, signal: AbortSignal) {
    this.failed = false;
    if (!client) throw new PorchApiError('NO_TOKEN');
    const data = await serviceRequests(client, signal);
    this.location ||= data.locations[0]?.id ?? NEW_ADDRESS;
    this.left = data.descriptionMaxLength;
    return data;
  }

  #value(form: HTMLFormElement, name: string): string {
    return ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '').trim();
  }

  /** The input the form holds, or the messages of the fields that are wrong. */
  #read(form: HTMLFormElement): ServiceRequestInput | Partial<Record<Field, string>> {
    const t = this.#t;
    const v = (name: string) => this.#value(form, name);
    const errors: Partial<Record<Field, string>> = {};
    const fresh = this.location === NEW_ADDRESS;
    const required: Field[] = ['serviceType', 'description', ...(fresh ? (['line1', 'city', 'country'] as const) : [])];
    for (const field of required) if (!v(field)) errors[field] = t.required;
    if (fresh && v('country') && !/^[A-Za-z]{2}$/.test(v('country'))) errors.country = t.countryInvalid;
    if (v('preferredDate') && v('preferredDate') < today()) errors.preferredDate = t.dateInvalid;
    if (Object.keys(errors).length > 0) return errors;
    return {
      ...(fresh
        ? {
            address: {
              line1: v('line1'),
              city: v('city'),
              country: v('country').toUpperCase(),
              ...(v('postalCode') ? { postalCode: v('postalCode') } : {}),
            },
          }
        : { locationId: this.location }),
      serviceType: v('serviceType'),
      description: v('description'),
      urgency: v('urgency') as Urgency,
      ...(v('preferredDate') ? { preferredDate: v('preferredDate') } : {}),
    };
  }

  #handleSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const client = this.client;
    if (!client || this.sending) return;
    const t = this.#t;
    const input = this.#read(form);
    this.formError = null;
    if (!('urgency' in input)) {
      this.errors = input as Partial<Record<Field, string>>;
      this.formError = t.fixErrors;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
      return;
    }
    this.errors = {};
    this.sending = true;
    try {
      const request = await submitServiceRequest(client, input);
      this.sent = request;
      if (this.data) this.data = { ...this.data, items: [request, ...this.data.items] };
      this.emit(new PorchServiceRequestedEvent({ id: request.id, reference: request.reference }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~=success]')?.focus();
    } catch (error) {
      const failure = toPorchApiError(error);
      if (failure.code === 'REQUESTS_DISABLED' && this.data) this.data = { ...this.data, enabled: false };
      else if (failure.code === 'RATE_LIMITED') this.formError = t.tooMany;
      else if (failure.code === 'NOT_FOUND') this.formError = t.locationGone;
      else this.formError = t.submitFailed;
    } finally {
      this.sending = false;
    }
  };

  #another = async () => {
    this.sent = null;
    this.left = this.data?.descriptionMaxLength ?? 0;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('select, input')?.focus();
  };

  #field(id: Field, label: string, control: unknown, hint?: string) {
    const error = this.errors[id];
    return html`<div part="field" class="field">
      <label for=${id}>${label}</label>
      ${control} ${hint ? html`<span id="${id}-hint" class="hint">${hint}</span>` : nothing}
      ${error ? html`<span part="field-error" id="${id}-error" class="field-error">${error}</span>` : nothing}
    </div>`;
  }

  /** aria-invalid and aria-describedby of a field's control. */
  #aria(id: Field, hint = false) {
    const error = this.errors[id];
    const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return { invalid: error ? 'true' : 'false', described: described || undefined };
  }

  #input(id: Field, type: string, options: { required?: boolean; hint?: boolean; min?: string; max?: number } = {}) {
    const aria = this.#aria(id, options.hint);
    return html`<input
      id=${id}
      name=${id}
      type=${type}
      ?required=${options.required}
      min=${options.min ?? nothing}
      maxlength=${options.max ?? nothing}
      aria-invalid=${aria.invalid}
      aria-describedby=${aria.described ?? nothing}
    />`;
  }

  #renderForm(data: PortalServiceRequests) {
    const t = this.#t;
    if (!data.enabled) return html`<p part="disabled" class="disabled" role="status">${t.disabled}</p>`;
    if (this.sent) {
      return html`<div part="success" class="success" role="status" tabindex="-1">
        <p>${t.submitted(this.sent.reference)}</p>
        <button type="button" class="secondary" @click=${this.#another}>${t.another}</button>
      </div>`;
    }
    const fresh = this.location === NEW_ADDRESS;
    const description = this.#aria('description');
    const select = (id: Field, content: unknown, change?: (e: Event) => void) => {
      const aria = this.#aria(id);
      return html`<select
        id=${id}
        name=${id}
        aria-invalid=${aria.invalid}
        aria-describedby=${aria.described ?? nothing}
        @change=${change}
      >
        ${content}
      </select>`;
    };
    return html`<form part="form" class="form" novalidate @submit=${this.#handleSubmit} aria-labelledby="form-title">
      <h3 id="form-title" part="heading" class="heading">${t.formTitle}</h3>
      ${this.#field(
        'location',
        t.location,
        select(
          'location',
          html`${data.locations.map(
              (l) => html`<option value=${l.id} ?selected=${l.id === this.location}>${addressLine(l)}</option>`,
            )}
            <option value=${NEW_ADDRESS} ?selected=${fresh}>${t.newAddress}</option>`,
          (e) => (this.location = (e.target as HTMLSelectElement).value),
        ),
      )}
      ${
        fresh
          ? html`<div class="address">
              ${this.#field('line1', t.street, this.#input('line1', 'text', { required: true, max: 200 }))}
              ${this.#field('postalCode', t.postalCode, this.#input('postalCode', 'text', { max: 20 }))}
              ${this.#field('city', t.city, this.#input('city', 'text', { required: true, max: 100 }))}
              ${this.#field(
                'country',
                t.country,
                this.#input('country', 'text', { required: true, hint: true, max: 2 }),
                t.countryHint,
              )}
            </div>`
          : nothing
      }
      ${this.#field(
        'serviceType',
        t.serviceType,
        select(
          'serviceType',
          html`<option value="">${t.choose}</option>
            ${data.serviceTypes.map((type) => html`<option value=${type}>${type}</option>`)}`,
        ),
      )}
      ${this.#field(
        'description',
        t.description,
        html`<textarea
            id="description"
            name="description"
            rows="4"
            required
            maxlength=${data.descriptionMaxLength}
            aria-invalid=${description.invalid}
            aria-describedby=${['description-left', description.described].filter(Boolean).join(' ')}
            @input=${(e: Event) =>
              (this.left = data.descriptionMaxLength - (e.target as HTMLTextAreaElement).value.length)}
          ></textarea>
          <span id="description-left" class="hint"
            >${t.charactersLeft(numberFormat(this.locale, {}).format(this.left))}</span
          >`,
      )}
      <div class="row">
        ${this.#field('preferredDate', t.preferredDate, this.#input('preferredDate', 'date', { min: today() }))}
        <div part="field" class="field">
          <label for="urgency">${t.urgency}</label>
          <select id="urgency" name="urgency">
            ${URGENCIES.map((u) => html`<option value=${u} ?selected=${u === 'normal'}>${t.urgencies[u]}</option>`)}
          </select>
        </div>
      </div>
      ${this.formError ? html`<p part="form-error" class="form-error" role="alert">${this.formError}</p>` : nothing}
      <button part="submit" type="submit" ?disabled=${this.sending}>${this.sending ? t.submitting : t.submit}</button>
    </form>`;
  }

  #renderList(items: PortalServiceRequest[]) {
    const t = this.#t;
    const day = dateFormat(this.locale, 'UTC', { dateStyle: 'medium' });
    const sentOn = dateFormat(this.locale, viewerZone(), { dateStyle: 'medium' });
    return html`<section class="requests" aria-labelledby="list-title">
      <h3 id="list-title" part="heading" class="heading">${t.listTitle}</h3>
      ${
        items.length === 0
          ? html`<p part="empty" class="notice">${t.empty}</p>`
          : html`<ul part="list" class="list">
              ${items.map(
                (r) =>
                  html`<li part="request" class="request">
                    <div class="top">
                      <span class="type">${r.serviceType}</span>
                      <span part="badge badge-${r.status}" class="badge ${r.status}">${t.status[r.status]}</span>
                    </div>
                    <p class="meta">
                      <span class="nowrap">${t.reference(r.reference)}</span> ·
                      ${t.sentOn(sentOn.format(new Date(r.createdAt)))}
                      ${r.preferredDate ? html` · ${t.preferredOn(day.format(new Date(`${r.preferredDate}T00:00:00Z`)))}` : nothing}
                    </p>
                    <p class="meta">${addressLine(r.location)}</p>
                    ${
                      r.declineReason
                        ? html`<p part="reason" class="reason">${t.declineReason} ${r.declineReason}</p>`
                        : nothing
                    }
                  </li>`,
              )}
            </ul>`
      }
    </section>`;
  }

  protected override render() {
    const t = this.#t;
    if (this.failed) {
      return html`<div part="error" class="notice" role="alert">
        <p>${t.loadFailed}</p>
        <button type="button" @click=${() => this.refresh()}>${t.retry}</button>
      </div>`;
    }
    const { data } = this;
    if (!data) {
      return html`<div part="loading" class="notice" aria-busy="true"><span class="spinner"></span>${t.loading}</div>`;
    }
    return html`<div part="base" class="base">${this.#renderForm(data)} ${this.#renderList(data.items)}</div>`;
  }
}
