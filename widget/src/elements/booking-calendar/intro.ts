import { html, nothing } from 'lit';
import type { Appointment, BookingAvailability } from '../../api/types.js';
import type { BookingTexts, TimelineTexts } from '../../i18n/index.js';

/** The calendar's opening: greeting, booking text and the current visit, and whom it tells. */
export interface IntroView {
  t: BookingTexts;
  /** The Status tab's words for a visit that can no longer take place: the calendar says the same. */
  visitProblem: TimelineTexts['visitProblem'];
  info?: BookingAvailability;
  /** Outside `<porch-portal>`, which greets the customer already. */
  standalone: boolean;
  when: (appointment: Appointment) => string;
  onWaitlist: () => void;
  /** Moves focus into the month, to its first day with a free window. */
  onPickDay: () => void;
}

/** Why the booked visit can no longer take place and what to do; null while it can. */
function problemText({ t, visitProblem, info }: IntroView): string | null {
  if (info?.visitProblem) return visitProblem[info.visitProblem];
  // A day ruled out otherwise since (a new bank holiday, the agreed dates): the calendar's own words.
  return info?.currentProblem ? t.currentProblem(t.reason[info.currentProblem]) : null;
}

// Inside <porch-portal> the portal greets the customer already; the calendar greets only when it stands alone.
export function renderIntro(view: IntroView) {
  const { t, info, standalone, when, onWaitlist, onPickDay } = view;
  if (!info) return nothing;
  const problem = problemText(view);
  return html`<div part="intro" class="intro">
    ${info.salutation && standalone ? html`<p class="salutation">${info.salutation}</p>` : nothing}
    ${info.bookingText ? html`<p>${info.bookingText}</p>` : nothing}
    ${
      info.current
        ? html`<p class="current">${t.current(when(info.current))}</p>
            ${
              problem
                ? html`<p part="problem" class="problem" role="alert">${problem}</p>
                    <button type="button" part="pick-day" @click=${onPickDay}>${t.pickNewDay}</button>`
                : nothing
            }
            ${
              info.waitlisted
                ? html`<p part="waitlist">${t.waitlisted}</p>`
                : html`<button type="button" class="secondary" part="waitlist" @click=${onWaitlist}>
                    ${t.waitlistJoin}
                  </button>`
            }`
        : nothing
    }
  </div>`;
}
