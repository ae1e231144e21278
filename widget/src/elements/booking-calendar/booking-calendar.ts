import { Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError, toPorchApiError } from '../../api/errors.js';
import type { Appointment, BookingAvailability, BookingSlots } from '../../api/types.js';
import { PorchBookedEvent } from '../../events/booked.js';
import { PorchRescheduledEvent } from '../../events/rescheduled.js';
import { booking } from '../../i18n/en/booking.js';
import { dateFormat, type BookingTexts } from '../../i18n/index.js';
import { PorchElement } from '../../internal/porch-element.js';
import { styles } from './booking-calendar.styles.js';
import { appointmentIcs } from './ics.js';
import { dayText, GLYPH, MARKER_GLYPH, renderLegend, stateOf, type DayView } from './legend.js';
import { addDays, firstDayOfWeek, keyTarget, lastDayOf, monthOf, shiftMonth, todayIn, weeksOf } from './month.js';
import { WhenFormat } from './when.js';

type Phase = 'idle' | 'booking' | 'booked' | 'taken' | 'failed';

/**
 * @tagname porch-booking-calendar
 * @summary The booking calendar: a month of days with their availability, the windows of a chosen day, and
 * booking or moving the visit after the customer confirms.
 *
 * Shows the month at once and loads `GET /v1/portal/tickets/:id/availability` a week at a time, so days go from
 * "not checked" to "checking" to their state as answers arrive; selecting a day loads its windows (`…/slots`). Booking sends
 * `PUT …/appointment` with an Idempotency-Key kept for the attempt; a window taken meanwhile (409 `SLOT_TAKEN`)
 * says so and refreshes that day. Times show in the site's zone and, when it differs, in the viewer's.
 * Keyboard: the WAI-ARIA grid pattern — arrows move by day and week, Home/End to the week's ends, PageUp/PageDown
 * by month, Enter or Space selects. Every state is said in text (and a symbol), never by colour alone.
 *
 * @event porch-booked - {PorchBookedEvent} A first visit was booked: `{ticketId, appointment}`.
 * @event porch-rescheduled - {PorchRescheduledEvent} The visit moved: `{ticketId, appointment, previous}`.
 * @event porch-error - {PorchErrorEvent} Loading the calendar failed: `{code}`. Canceled, the calendar stays loading.
 *
 * @csspart base - The loaded calendar.
 * @csspart intro - Salutation, booking text and the current appointment.
 * @csspart header - Month name and the previous/next buttons.
 * @csspart nav - The previous and next month buttons.
 * @csspart grid - The month grid (`role=grid`).
 * @csspart day - Each day cell, with one of the state parts below.
 * @csspart day-unchecked - A day not checked yet.
 * @csspart day-checking - A day being checked.
 * @csspart day-available - A day with a free window.
 * @csspart day-limited - A day with few engineers left (the dispatcher may move the visit).
 * @csspart day-full - A checked day with no free window.
 * @csspart day-closed - A weekend, holiday, closed day, past day or a day outside the service terms.
 * @csspart day-unmatched - No engineer with the skills, or parts not available.
 * @csspart day-selected - The selected day, beside its state part.
 * @csspart legend-toggle - The button that shows or hides the legend.
 * @csspart legend - The legend.
 * @csspart slots - The selected day's windows.
 * @csspart slot - Each window.
 * @csspart slot-unavailable - A window that cannot be booked, beside `slot`.
 * @csspart confirm - Policy, disclaimer, the confirm checkbox and the Book button.
 * @csspart book - The Book button.
 * @csspart success - The booked message, with the calendar download.
 * @csspart ics - The "Add to calendar" link (.ics).
 * @csspart conflict - The message when the window was taken meanwhile.
 * @csspart waitlist - The earlier-window notification button or note.
 * @csspart error - The error state, with its Retry button.
 *
 * @cssproperty --porch-color-primary - Selected day and window, buttons, focus rings. Default `#2563eb`.
 * @cssproperty --porch-color-on-primary - Text on the accent colour (button labels). Default `#fff`.
 * @cssproperty --porch-color-text - Text. Default `#1e293b`.
 * @cssproperty --porch-color-text-muted - Days not checked yet, notes. Default `#5b6474`.
 * @cssproperty --porch-color-surface - Day cells and windows. Default `#ffffff`.
 * @cssproperty --porch-color-border - Cell and window borders. Default `#e2e8f0`.
 * @cssproperty --porch-font-family - Font. Default: the system font.
 * @cssproperty --porch-font-size - Base font size. Default `1rem`.
 * @cssproperty --porch-radius - Corner radius. Default `0.75rem`.
 * @cssproperty --porch-booking-calendar-day-size - Height of a day cell. Default `2.75rem`.
 * @cssproperty --porch-booking-calendar-available - Available days. Default `#15803d`.
 * @cssproperty --porch-booking-calendar-limited - Limited days. Default `#a16207`.
 * @cssproperty --porch-booking-calendar-unavailable - Unavailable days. Default `#64748b`.
 *
 * @example
 * <porch-booking-calendar api="https://api.example.com" token="eyJ…" ticket-id="…"></porch-booking-calendar>
 */
export class PorchBookingCalendar extends PorchElement {
  static override styles = [PorchElement.styles, styles];

  #task = new Task(this, {
    task: ([client, ticketId, month], { signal }) => this.#loadMonth(client, ticketId, month, signal),
    args: () => [this.client, this.#ticketId, this.month] as const,
    onError: (error) => {
      this.failed = !this.reportError(error);
    },
  });

  /** Idempotency-Key of the booking attempt under way: a retry after a network failure repeats it. */
  #attempt?: { slotId: string; key: string };
  #focusPending = false;

  @state() private month = monthOf(todayIn());
  @state() private days = new Map<string, DayView>();
  @state() private info?: BookingAvailability;
  @state() private focused?: string;
  @state() private selected?: string;
  @state() private slots?: BookingSlots | 'loading';
  @state() private slotId?: string;
  @state() private confirmed = false;
  @state() private phase: Phase = 'idle';
  @state() private failure = '';
  @state() private booked?: Appointment;
  @state() private failed = false;
  @state() private legendOpen = false;

  /** Id of the ticket to book. Inside `<porch-portal>` it defaults to the session's ticket. */
  @property({ attribute: 'ticket-id' }) ticketId?: string;
  /** The viewer's IANA zone, for "your time"; defaults to the browser's. */
  @property({ attribute: 'viewer-time-zone' }) viewerTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  /** First day of the week, 1 (Monday) or 7 (Sunday); defaults to the locale's. */
  @property({ attribute: 'week-start', type: Number }) weekStart?: number;

  override updated(): void {
    if (!this.#focusPending || !this.focused) return;
    const cell = this.renderRoot.querySelector<HTMLElement>(`[data-date="${this.focused}"]`);
    if (cell) {
      cell.focus();
      this.#focusPending = false;
    }
  }

  /** Loads the shown month again. */
  refresh(): Promise<void> {
    return this.#task.run();
  }

  get #ticketId() {
    return this.ticketId ?? this.porch?.session.ticketId ?? undefined;
  }

  get #t() {
    return this.texts('booking', booking);
  }

  get #format() {
    return new WhenFormat(this.locale, this.#t, this.info?.timezone ?? 'UTC', this.viewerTimeZone);
  }

  get #weekStart() {
    const lang = this.closest('[lang]')?.getAttribute('lang') || navigator.language || this.locale;
    return this.weekStart ?? firstDayOfWeek(lang.startsWith(this.locale) ? lang : this.locale);
  }

  async #loadMonth(client: PorchClient | undefined, ticketId: string | undefined, month: string, signal: AbortSignal) {
    this.failed = false;
    if (!client) throw new PorchApiError('NO_TOKEN');
    if (!ticketId) return;
    const last = lastDayOf(month);
    this.days = new Map();
    for (let from = `${month}-01`; from <= last; from = addDays(from, 7)) {
      const to = addDays(from, 6) < last ? addDays(from, 6) : last;
      this.#setDays(from, to, () => 'checking');
      const result = await client.availability(ticketId, from, to, signal);
      this.info = result;
      const byDate = new Map(result.days.map((day) => [day.date, day]));
      this.#setDays(from, to, (date) => byDate.get(date)!);
    }
  }

  #setDays(from: string, to: string, view: (date: string) => DayView) {
    const days = new Map(this.days);
    for (let date = from; date <= to; date = addDays(date, 1)) days.set(date, view(date));
    this.days = days;
  }

  async #select(date: string) {
    this.selected = date;
    this.focused = date;
    this.slotId = undefined;
    this.confirmed = false;
    if (this.phase !== 'booked') this.phase = 'idle';
    await this.#loadSlots(date);
  }

  async #loadSlots(date: string) {
    this.slots = 'loading';
    try {
      const slots = await this.client!.slots(this.#ticketId!, date);
      if (this.selected === date) this.slots = slots;
    } catch (error) {
      if (this.selected === date) this.slots = undefined;
      this.reportError(error);
    }
  }

  async #book() {
    const { slotId, info } = this;
    if (!slotId || !this.confirmed || this.phase === 'booking') return;
    if (this.#attempt?.slotId !== slotId) this.#attempt = { slotId, key: crypto.randomUUID() };
    this.phase = 'booking';
    const previous = info?.current ?? null;
    try {
      const { appointment, rescheduled } = await this.client!.book(this.#ticketId!, slotId, this.#attempt.key);
      this.#attempt = undefined;
      this.booked = appointment;
      this.phase = 'booked';
      this.slotId = undefined;
      this.confirmed = false;
      const ticketId = this.#ticketId!;
      this.emit(
        rescheduled && previous
          ? new PorchRescheduledEvent({ ticketId, appointment, previous })
          : new PorchBookedEvent({ ticketId, appointment }),
      );
      if (monthOf(appointment.date) !== this.month) this.month = monthOf(appointment.date);
      else await this.#task.run();
      if (this.selected) await this.#loadSlots(this.selected);
    } catch (error) {
      const { code } = toPorchApiError(error);
      if (code !== 'NETWORK_ERROR') this.#attempt = undefined;
      this.phase = code === 'SLOT_TAKEN' ? 'taken' : 'failed';
      this.failure = code;
      const date = this.selected;
      if (code === 'SLOT_TAKEN' && date) {
        this.slotId = undefined;
        this.confirmed = false;
        this.slots = 'loading';
        const refreshDay = this.client!.availability(this.#ticketId!, date, date).then(
          ({ days: [day] }) => day && this.#setDays(date, date, () => day),
          () => undefined,
        );
        await Promise.all([refreshDay, this.#loadSlots(date)]);
      }
    }
  }

  async #waitlist() {
    const { waitlisted } = await this.client!.waitlist(this.#ticketId!, true).catch(() => ({ waitlisted: false }));
    if (this.info) this.info = { ...this.info, waitlisted };
  }

  #move(date: string) {
    this.focused = date;
    this.#focusPending = true;
    if (monthOf(date) !== this.month) this.month = monthOf(date);
  }

  #handleKey(event: KeyboardEvent) {
    const from = this.focused ?? `${this.month}-01`;
    const target = keyTarget(event.key, from, this.#weekStart);
    if (event.key === 'Enter' || event.key === ' ') void this.#select(from);
    else if (target) this.#move(target);
    else return;
    event.preventDefault();
  }

  #handleFocus(event: FocusEvent) {
    const date = (event.target as HTMLElement).dataset.date;
    if (date) this.focused = date;
  }

  #renderDay(date: string | null) {
    if (!date) return html`<td role="gridcell" class="blank"></td>`;
    const day = this.days.get(date) ?? 'unchecked';
    const state = stateOf(day);
    const selected = date === this.selected;
    const markers = typeof day === 'string' ? [] : day.markers;
    const focusable =
      date ===
      (this.focused && monthOf(this.focused) === this.month
        ? this.focused
        : this.selected && monthOf(this.selected) === this.month
          ? this.selected
          : `${this.month}-01`);
    return html`<td
      role="gridcell"
      part="day day-${state}${selected ? ' day-selected' : ''}"
      class="day ${state}${selected ? ' selected' : ''}"
      data-date=${date}
      data-state=${state}
      tabindex=${focusable ? 0 : -1}
      aria-selected=${selected ? 'true' : 'false'}
      @click=${() => this.#select(date)}
    >
      <span class="num" aria-hidden="true">${Number(date.slice(8))}</span>
      <span class="glyph" aria-hidden="true"
        >${GLYPH[state]}${markers.map((m) => html`<i class="marker ${m}">${MARKER_GLYPH[m]}</i>`)}</span
      >
      <span class="visually-hidden">${this.#format.day(date)}: ${dayText(this.#t, day, selected)}</span>
    </td>`;
  }

  #renderGrid() {
    const start = this.#weekStart;
    const weeks = weeksOf(this.month, start);
    const header = weeks[0]!.map((_, i) => addDays('2024-01-01', (start - 1 + i) % 7)); // 2024-01-01 was a Monday
    const busy = this.#task.status === TaskStatus.PENDING;
    return html`<table
      role="grid"
      part="grid"
      aria-labelledby="month"
      aria-busy=${busy ? 'true' : 'false'}
      @keydown=${this.#handleKey}
      @focusin=${this.#handleFocus}
    >
      <thead>
        <tr>
          ${header.map((d) => html`<th scope="col" abbr=${this.#format.day(d, { weekday: 'long' })}>${this.#format.day(d, { weekday: 'short' })}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${weeks.map(
          (week) =>
            html`<tr>
              ${week.map((date) => this.#renderDay(date))}
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  #renderSlots() {
    const { slots, selected } = this;
    if (!selected) return nothing;
    const t = this.#t;
    const title = t.windowsOn(this.#format.day(selected));
    if (!slots || slots === 'loading') {
      return html`<section part="slots" class="slots" aria-busy="true">
        <h3 id="slots-title">${title}</h3>
        <div class="spinner"></div>
      </section>`;
    }
    return html`<section part="slots" class="slots" aria-labelledby="slots-title">
      <h3 id="slots-title">${title}</h3>
      ${
        slots.slots.length
          ? html`<div role="radiogroup" aria-labelledby="slots-title">
              ${slots.slots.map(
                (slot) =>
                  html`<label part="slot${slot.available ? '' : ' slot-unavailable'}" class="slot">
                    <input
                      type="radio"
                      name="slot"
                      .value=${slot.id}
                      .checked=${slot.id === this.slotId}
                      ?disabled=${!slot.available}
                      @change=${() => (this.slotId = slot.id)}
                    />
                    <span>${this.#format.window(slot.start, slot.end)}</span>
                    ${slot.available ? nothing : html`<span class="why">${t.unavailable}: ${this.#slotReason(slot.reason)}</span>`}
                  </label>`,
              )}
            </div>`
          : html`<p>${t.noWindows}</p>`
      }
      ${this.#renderConfirm()}
    </section>`;
  }

  #slotReason(reason: BookingSlots['slots'][number]['reason']) {
    if (!reason) return '';
    const t = this.#t;
    return reason in t.slotReason
      ? t.slotReason[reason as keyof BookingTexts['slotReason']]
      : t.reason[reason as keyof BookingTexts['reason']];
  }

  #renderConfirm() {
    const { info } = this;
    const t = this.#t;
    if (!this.slotId || !info) return nothing;
    return html`<div part="confirm" class="confirm">
      ${info.policy ? html`<p class="policy">${info.policy}</p>` : nothing}
      <p class="policy">${t.cutoff(info.cutoffHours)}</p>
      ${info.disclaimer ? html`<p class="disclaimer">${info.disclaimer}</p>` : nothing}
      <label class="check"
        ><input
          type="checkbox"
          .checked=${this.confirmed}
          @change=${(e: Event) => (this.confirmed = (e.target as HTMLInputElement).checked)}
        />
        ${t.confirm}</label
      >
      <button
        type="button"
        part="book"
        ?disabled=${!this.confirmed || this.phase === 'booking'}
        @click=${() => this.#book()}
      >
        ${this.phase === 'booking' ? t.booking : info.current ? t.move : t.book}
      </button>
    </div>`;
  }

  #renderOutcome() {
    const t = this.#t;
    if (this.phase === 'booked' && this.booked) {
      const ics = appointmentIcs(this.booked, t.visitSummary);
      return html`<div part="success" class="outcome" role="status">
        <p>${t.booked(this.#format.appointment(this.booked))}</p>
        <a part="ics" download="visit.ics" href=${`data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`}
          >${t.addToCalendar}</a
        >
      </div>`;
    }
    if (this.phase === 'taken') return html`<p part="conflict" class="outcome" role="alert">${t.taken}</p>`;
    if (this.phase === 'failed')
      return html`<p part="conflict" class="outcome" role="alert">${t.failed(this.failure)}</p>`;
    return html`<div role="status" class="visually-hidden"></div>`;
  }

  // Inside <porch-portal> the portal greets the customer already; the calendar greets only when it stands alone.
  #renderIntro() {
    const { info } = this;
    if (!info) return nothing;
    const t = this.#t;
    return html`<div part="intro" class="intro">
      ${info.salutation && !this.porch ? html`<p class="salutation">${info.salutation}</p>` : nothing}
      ${info.bookingText ? html`<p>${info.bookingText}</p>` : nothing}
      ${
        info.current
          ? html`<p class="current">${t.current(this.#format.appointment(info.current))}</p>
              ${
                info.waitlisted
                  ? html`<p part="waitlist">${t.waitlisted}</p>`
                  : html`<button type="button" class="secondary" part="waitlist" @click=${() => this.#waitlist()}>
                      ${t.waitlistJoin}
                    </button>`
              }`
          : nothing
      }
    </div>`;
  }

  override render() {
    const t = this.#t;
    if (this.failed) {
      return html`<div part="error" class="notice" role="alert">
        <p>${t.error}</p>
        <button type="button" @click=${() => this.refresh()}>${t.retry}</button>
      </div>`;
    }
    const monthName = dateFormat(this.locale, 'UTC', { month: 'long', year: 'numeric' }).format(
      new Date(`${this.month}-01T00:00:00Z`),
    );
    return html`<section part="base" class="base" aria-label=${t.title}>
      ${this.#renderIntro()}
      <div part="header" class="header">
        <button
          type="button"
          part="nav"
          class="nav"
          aria-label=${t.previousMonth}
          @click=${() => (this.month = shiftMonth(`${this.month}-01`, -1).slice(0, 7))}
        >
          ‹
        </button>
        <h2 id="month" aria-live="polite">${monthName}</h2>
        <button
          type="button"
          part="nav"
          class="nav"
          aria-label=${t.nextMonth}
          @click=${() => (this.month = shiftMonth(`${this.month}-01`, 1).slice(0, 7))}
        >
          ›
        </button>
      </div>
      ${this.#renderGrid()}
      <button
        type="button"
        part="legend-toggle"
        class="secondary"
        aria-expanded=${this.legendOpen ? 'true' : 'false'}
        aria-controls="legend"
        @click=${() => (this.legendOpen = !this.legendOpen)}
      >
        ${this.legendOpen ? t.hideLegend : t.showLegend}
      </button>
      ${renderLegend(this.#t, this.legendOpen)} ${this.#renderSlots()} ${this.#renderOutcome()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porch-booking-calendar': PorchBookingCalendar;
  }
}
