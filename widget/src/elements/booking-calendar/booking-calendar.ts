import { Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PorchClient } from '../../api/client.js';
import { PorchApiError, toPorchApiError } from '../../api/errors.js';
import type { Appointment, BookingAvailability, BookingSlots } from '../../api/types.js';
import { PorchBookedEvent } from '../../events/booked.js';
import { PorchRescheduledEvent } from '../../events/rescheduled.js';
import { booking } from '../../i18n/en/booking.js';
import { timeline } from '../../i18n/en/timeline.js';
import { dateFormat, textsLanguage } from '../../i18n/index.js';
import { SiteClock, viewerZone } from '../../internal/clock.js';
import { PorchElement } from '../../internal/porch-element.js';
import { styles } from './booking-calendar.styles.js';
import { renderEmptyMonth, renderGrid, renderHeader } from './grid.js';
import { renderIntro } from './intro.js';
import { renderSlots } from './slots.js';
import { VisitWatch } from './visit-watch.js';
import { appointmentIcs } from './ics.js';
import { renderLegend, type DayView } from './legend.js';
import { addDays, firstDayOfWeek, keyTarget, lastDayOf, monthOf, shiftMonth, todayIn } from './month.js';

type Phase = 'idle' | 'booking' | 'booked' | 'taken' | 'failed';

/**
 * @tagname porch-booking-calendar
 * @summary The booking calendar: a month of days with their availability, the windows of a chosen day, and
 * booking or moving the visit after the customer confirms.
 *
 * Shows the month at once and loads `GET /v1/portal/tickets/:id/availability` a week at a time, so days go from
 * "not checked" to "checking" to their state as answers arrive; selecting a day loads its windows (`…/slots`). Booking sends
 * `PUT …/appointment` with an Idempotency-Key kept for the attempt; a window taken meanwhile (409 `SLOT_TAKEN`)
 * says so and refreshes that day. Times show in the site's zone, named when the viewer's zone differs. Picking
 * another day clears the last booking's message; after Book or Move focus lands on the confirmation, whose
 * "Add to calendar" file names the company, the address and the ticket. A booked visit that can no longer take
 * place (its day closed, its parts window moved, its technician away) is flagged in the Status tab's words, with a
 * button into the month to pick a new day, and live: the ticket's event stream (`…/events`, while the tab is
 * visible) brings staff's changes; a month without a free window says so, with the company's phone when it set one.
 * Keyboard: the WAI-ARIA grid pattern — arrows move by day and week, Home/End to the week's ends, PageUp/PageDown
 * by month, Enter or Space selects. Every state is said in text (and a symbol), never by colour alone.
 *
 * @event porch-booked - {PorchBookedEvent} A first visit was booked: `{ticketId, appointment}`.
 * @event porch-rescheduled - {PorchRescheduledEvent} The visit moved: `{ticketId, appointment, previous}`.
 * @event porch-error - {PorchErrorEvent} Loading the calendar failed: `{code}`. Canceled, the calendar stays loading.
 *
 * @csspart base - The loaded calendar.
 * @csspart intro - Salutation, booking text and the current appointment.
 * @csspart problem - The booked visit can no longer take place: why, and to pick a new day.
 * @csspart pick-day - The button beside `problem` that moves focus into the month, to its first free day.
 * @csspart header - Month name and the previous/next buttons.
 * @csspart nav - The previous and next month buttons.
 * @csspart grid - The month grid (`role=grid`).
 * @csspart day - Each day cell, with one of the state parts below.
 * @csspart day-unchecked - A day not checked yet.
 * @csspart day-checking - A day being checked.
 * @csspart day-available - A day with a free window.
 * @csspart day-limited - An almost full day (the company may need to move a visit).
 * @csspart day-full - A checked day with no free window.
 * @csspart day-closed - A weekend, holiday, closed day, past day or a day outside the agreed dates.
 * @csspart day-unmatched - No technician for the job, or its parts not in yet.
 * @csspart day-selected - The selected day, beside its state part.
 * @csspart empty-month - The shown month has no free window: try another month, or the company's phone.
 * @csspart legend-toggle - The button that shows or hides the legend.
 * @csspart legend - The legend.
 * @csspart slots - The selected day's windows.
 * @csspart slot - Each window.
 * @csspart slot-unavailable - A window that cannot be booked, beside `slot`.
 * @csspart confirm - Policy, disclaimer, the confirm checkbox and the Book button.
 * @csspart book - The Book button.
 * @csspart success - The booked message, with the calendar download; focused after Book or Move.
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

  #watch = new VisitWatch(this, () => void this.#refreshDay(this.info?.current?.date), this.reportError.bind(this));
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
  /** The viewer's IANA zone: times are named with the site's zone when it differs. Defaults to the browser's. */
  @property({ attribute: 'viewer-time-zone' }) viewerTimeZone = viewerZone();
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

  get #clock() {
    return new SiteClock(this.locale, this.info?.timezone ?? 'UTC', this.viewerTimeZone);
  }

  #when({ date, start, end }: Appointment): string {
    const clock = this.#clock;
    return `${clock.day(date)}, ${clock.range(start, end)}`;
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
      const result = await client.availability(ticketId, from, to, signal, textsLanguage(this));
      this.info = result;
      const byDate = new Map(result.days.map((day) => [day.date, day]));
      this.#setDays(from, to, (date) => byDate.get(date)!);
    }
    this.#watch.follow(client, ticketId);
  }

  /** Reads one day again, and the visit's flag with it: a window taken meanwhile, a visit staff changed. */
  async #refreshDay(date: string | undefined) {
    if (!date) return;
    const lang = textsLanguage(this);
    const result = await this.client!.availability(this.#ticketId!, date, date, undefined, lang).catch(() => null);
    if (!result) return;
    this.info = result;
    const [day] = result.days;
    if (day && this.days.has(date)) this.#setDays(date, date, () => day);
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
    this.phase = 'idle';
    this.booked = undefined;
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
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~=success]')?.focus();
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
        await Promise.all([this.#refreshDay(date), this.#loadSlots(date)]);
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

  /** From the flagged visit into the month: its first day with a free window, else its first day. */
  #pickNewDay() {
    const free = [...this.days].find(
      ([, day]) => typeof day !== 'string' && ['available', 'limited'].includes(day.state),
    );
    this.#move(free?.[0] ?? `${this.month}-01`);
    this.requestUpdate();
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

  #renderGrid() {
    return renderGrid({
      t: this.#t,
      clock: this.#clock,
      month: this.month,
      weekStart: this.#weekStart,
      days: this.days,
      selected: this.selected,
      focused: this.focused,
      busy: this.#task.status === TaskStatus.PENDING,
      onSelect: (date) => void this.#select(date),
      onKey: (event) => this.#handleKey(event),
      onFocus: (event) => this.#handleFocus(event),
    });
  }

  #renderSlots() {
    if (!this.selected) return nothing;
    return renderSlots({
      t: this.#t,
      clock: this.#clock,
      selected: this.selected,
      slots: this.slots,
      slotId: this.slotId,
      confirmed: this.confirmed,
      booking: this.phase === 'booking',
      info: this.info,
      onPick: (id) => (this.slotId = id),
      onConfirm: (checked) => (this.confirmed = checked),
      onBook: () => void this.#book(),
    });
  }

  #renderOutcome() {
    const t = this.#t;
    if (this.phase === 'booked' && this.booked && this.info) {
      const ics = appointmentIcs(this.#ticketId!, this.booked, this.info.visit, t);
      return html`<div part="success" class="outcome" role="status" tabindex="-1">
        <p>${t.booked(this.#when(this.booked))}</p>
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
      ${renderIntro({
        t,
        visitProblem: this.texts('timeline', timeline).visitProblem,
        info: this.info,
        standalone: !this.porch,
        when: (appointment) => this.#when(appointment),
        onWaitlist: () => void this.#waitlist(),
        onPickDay: () => this.#pickNewDay(),
      })}
      ${renderHeader(t, monthName, (months) => (this.month = shiftMonth(`${this.month}-01`, months).slice(0, 7)))}
      ${this.#renderGrid()}
      ${
        this.info && this.#task.status === TaskStatus.COMPLETE
          ? renderEmptyMonth(this.#t, this.days, monthName, this.info.visit.phone)
          : nothing
      }
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
