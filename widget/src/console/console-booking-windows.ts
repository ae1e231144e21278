import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import {
  describeError,
  type ConsoleApi,
  type ConsoleProfile,
  type ConsoleProfileBooking,
  type ConsoleSlaProfile,
} from './api.js';
import { attempt, fieldStyles, FormOutcome } from './console-fields.js';
import { consoleStyles } from './styles.js';

type Window = { start: string; end: string };

/**
 * A profile's appointment windows: an SLA profile (which days can be booked) and either one window over its business
 * hours or custom intervals, with each window's capacity and the free places at which a day shows as limited.
 *
 * @tagname porch-console-booking-windows
 */
@customElement('porch-console-booking-windows')
export class PorchConsoleBookingWindows extends LitElement {
  static override styles = [consoleStyles, fieldStyles];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: false }) profile!: ConsoleProfile;
  /** The custom intervals being edited; null: the SLA profile's business hours. */
  @state() windows: Window[] | null = null;
  @state() outcome = FormOutcome.none;

  readonly booking = new Task(this, {
    task: async ([api, id], { signal }) => {
      const [booking, slaProfiles] = await Promise.all([api.profileBooking(id, signal), api.slaProfiles(signal)]);
      this.windows = booking.windows;
      return { booking, slaProfiles };
    },
    args: () => [this.api, this.profile.id] as const,
  });

  override willUpdate(changed: Map<string, unknown>) {
    const previous = changed.get('profile') as ConsoleProfile | undefined;
    if (previous && previous.id !== this.profile.id) this.outcome = FormOutcome.none;
  }

  async #save(event: SubmitEvent, booking: ConsoleProfileBooking) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const { profile, windows } = this;
    const next: ConsoleProfileBooking = {
      slaProfileId: String(data.get('sla')) || null,
      windows,
      capacity: Number(data.get('capacity')),
      limitedThreshold: Number(data.get('limitedThreshold')),
      // The texts are the profile's (edited above); this form keeps them as they are.
      bookingText: profile.bookingText,
      disclaimer: profile.disclaimer,
    };
    this.outcome = FormOutcome.none;
    this.outcome = await attempt(async () => {
      Object.assign(booking, await this.api.putProfileBooking(profile.id, next));
    }, 'Appointment windows saved.');
  }

  override render() {
    return html`<h3>Appointment windows</h3>
      ${this.booking.render({
        pending: () => html`<p role="status">Loading the appointment windows…</p>`,
        error: (error) =>
          html`<p role="alert">${describeError(error)}</p>
            <button class="secondary" @click=${() => this.booking.run()}>Try again</button>`,
        complete: ({ booking, slaProfiles }) => this.#form(booking, slaProfiles),
      })}`;
  }

  #form(booking: ConsoleProfileBooking, slaProfiles: ConsoleSlaProfile[]) {
    const { outcome, windows } = this;
    const sla = slaProfiles.find((s) => s.id === booking.slaProfileId);
    return html`${outcome.summary()}
      ${
        this.profile.mode === 'tracking'
          ? html`<p>Customers book only in the mode “Track the visit and book an appointment”.</p>`
          : nothing
      }
      <form @submit=${(e: SubmitEvent) => this.#save(e, booking)} aria-label="Appointment windows">
        <label for="sla">SLA profile (which days can be booked)</label>
        <select id="sla" name="sla" aria-describedby="sla-error" aria-invalid=${outcome.invalid('slaProfileId')}>
          <option value="" ?selected=${!booking.slaProfileId}>None</option>
          ${slaProfiles.map(
            (s) =>
              html`<option value=${s.id} ?selected=${s.id === booking.slaProfileId}>
                ${s.name} (${s.businessStart}–${s.businessEnd})
              </option>`,
          )}
        </select>
        ${slaProfiles.length === 0 ? html`<p>No SLA profiles yet; they are set up through the API.</p>` : nothing}
        ${outcome.field('slaProfileId', 'sla-error')}
        <fieldset aria-describedby="windows-error">
          <legend>Windows a customer picks from</legend>
          <label class="inline"
            ><input
              type="radio"
              name="windowKind"
              .checked=${live(windows === null)}
              @change=${() => (this.windows = null)}
            />One window over the SLA profile’s business
            hours${sla ? ` (${sla.businessStart}–${sla.businessEnd})` : ''}</label
          >
          <label class="inline"
            ><input
              type="radio"
              name="windowKind"
              .checked=${live(windows !== null)}
              @change=${() => (this.windows = [{ start: '08:00', end: '12:00' }])}
            />Custom intervals</label
          >
          ${windows ? this.#intervals(windows) : nothing} ${outcome.field('windows', 'windows-error')}
        </fieldset>
        <div class="row">
          <div>
            <label for="capacity">Visits per window</label>
            <input
              id="capacity"
              name="capacity"
              type="number"
              min="1"
              max="1000"
              required
              aria-describedby="capacity-error"
              aria-invalid=${outcome.invalid('capacity')}
              .value=${live(String(booking.capacity))}
            />
            ${outcome.field('capacity', 'capacity-error')}
          </div>
          <div>
            <label for="limitedThreshold">Show a day as limited at this many free places</label>
            <input
              id="limitedThreshold"
              name="limitedThreshold"
              type="number"
              min="0"
              max="1000"
              required
              aria-describedby="limitedThreshold-error"
              aria-invalid=${outcome.invalid('limitedThreshold')}
              .value=${live(String(booking.limitedThreshold))}
            />
            ${outcome.field('limitedThreshold', 'limitedThreshold-error')}
          </div>
        </div>
        <button type="submit">Save appointment windows</button>
      </form>`;
  }

  #intervals(windows: Window[]) {
    const { outcome } = this;
    // Read at the event, not from the rendered list: two changes before a render must both stay.
    const set = (index: number, field: keyof Window, value: string) =>
      (this.windows = (this.windows ?? []).map((w, i) => (i === index ? { ...w, [field]: value } : w)));
    return html`${windows.map((w, index) => {
        const at = `windows.${index}`;
        const time = (field: keyof Window, label: string) =>
          html`<div>
            <label for=${`window-${index}-${field}`}>${label} of window ${index + 1}</label>
            <input
              id=${`window-${index}-${field}`}
              type="time"
              required
              aria-describedby=${`window-${index}-error`}
              aria-invalid=${outcome.invalid(`${at}.${field}`) === 'true' || outcome.invalid(at) === 'true'}
              .value=${live(w[field])}
              @input=${(e: Event) => set(index, field, (e.target as HTMLInputElement).value)}
            />
          </div>`;
        return html`<div class="row">
            ${time('start', 'Start')} ${time('end', 'End')}
            <button
              type="button"
              class="secondary"
              aria-label=${`Remove window ${index + 1}`}
              ?disabled=${windows.length === 1}
              @click=${() => (this.windows = (this.windows ?? []).filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </div>
          <p class="field-error" id=${`window-${index}-error`}>
            ${outcome.at(at) ?? outcome.at(`${at}.start`) ?? outcome.at(`${at}.end`) ?? ''}
          </p>`;
      })}
      <button
        type="button"
        class="secondary"
        ?disabled=${windows.length >= 12}
        @click=${() => (this.windows = [...(this.windows ?? []), { start: '12:00', end: '16:00' }])}
      >
        Add a window
      </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-console-booking-windows': PorchConsoleBookingWindows;
  }
}
