import { html, nothing } from 'lit';
import type { BookingAvailability, BookingSlot, BookingSlots } from '../../api/types.js';
import type { BookingTexts } from '../../i18n/index.js';
import type { SiteClock } from '../../internal/clock.js';

/** The selected day's windows and the confirmation, and whom they tell. */
export interface SlotsView {
  t: BookingTexts;
  clock: SiteClock;
  selected: string;
  slots?: BookingSlots | 'loading';
  slotId?: string;
  confirmed: boolean;
  booking: boolean;
  info?: BookingAvailability;
  onPick: (slotId: string) => void;
  onConfirm: (checked: boolean) => void;
  onBook: () => void;
}

/** The selected day's windows (radio buttons) and, once one is picked, the policy, the checkbox and Book. */
export function renderSlots(view: SlotsView) {
  const { slots, selected, t, clock } = view;
  const title = t.windowsOn(clock.day(selected));
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
                    .checked=${slot.id === view.slotId}
                    ?disabled=${!slot.available}
                    @change=${() => view.onPick(slot.id)}
                  />
                  <span>${clock.range(slot.start, slot.end)}</span>
                  ${slot.available ? nothing : html`<span class="why">${t.unavailable}: ${slotReason(t, slot.reason)}</span>`}
                </label>`,
            )}
          </div>`
        : html`<p>${t.noWindows}</p>`
    }
    ${renderConfirm(view)}
  </section>`;
}

function slotReason(t: BookingTexts, reason: BookingSlot['reason']) {
  if (!reason) return '';
  return reason in t.slotReason
    ? t.slotReason[reason as keyof BookingTexts['slotReason']]
    : t.reason[reason as keyof BookingTexts['reason']];
}

function renderConfirm(view: SlotsView) {
  const { info, t } = view;
  if (!view.slotId || !info) return nothing;
  return html`<div part="confirm" class="confirm">
    ${info.policy ? html`<p class="policy">${info.policy}</p>` : nothing}
    <p class="policy">${t.cutoff(info.cutoffHours)}</p>
    ${info.disclaimer ? html`<p class="disclaimer">${info.disclaimer}</p>` : nothing}
    <label class="check"
      ><input
        type="checkbox"
        .checked=${view.confirmed}
        @change=${(e: Event) => view.onConfirm((e.target as HTMLInputElement).checked)}
      />
      ${t.confirm}</label
    >
    <button type="button" part="book" ?disabled=${!view.confirmed || view.booking} @click=${view.onBook}>
      ${view.booking ? t.booking : info.current ? t.move : t.book}
    </button>
  </div>`;
}
