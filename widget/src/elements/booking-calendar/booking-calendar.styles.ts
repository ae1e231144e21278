import { css } from 'lit';

export const styles = css`
  :host {
    --_day-size: var(--porch-booking-calendar-day-size, 2.75rem);
    --_ok: var(--porch-booking-calendar-available, #15803d);
    --_warn: var(--porch-booking-calendar-limited, #a16207);
    --_off: var(--porch-booking-calendar-unavailable, #64748b);
  }
  .base {
    display: grid;
    gap: 0.75rem;
  }
  .intro p {
    margin: 0 0 0.25rem;
  }
  .salutation {
    font-weight: 600;
  }
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
  }
  h2,
  h3 {
    margin: 0;
    font-size: 1.05rem;
  }
  .nav {
    min-width: 2.75rem;
  }
  button.secondary {
    justify-self: start;
    background: transparent;
    color: var(--_primary);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  table {
    width: 100%;
    border-collapse: separate;
    border-spacing: 2px;
    table-layout: fixed;
  }
  th {
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--_muted);
  }
  td.day {
    position: relative;
    height: var(--_day-size);
    padding: 0.15rem;
    border: 2px solid transparent;
    border-radius: calc(var(--_radius) * 0.5);
    text-align: center;
    vertical-align: top;
    cursor: pointer;
    background: var(--_surface);
    line-height: 1.1;
  }
  td.day:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 1px;
  }
  .num {
    display: block;
    font-weight: 600;
  }
  .glyph {
    display: block;
    font-size: 0.75rem;
  }
  /* .day beats td.day's surface, so each cell has its legend swatch's colours. */
  .day.available,
  .swatch.available {
    color: color-mix(in srgb, var(--_ok) 75%, #000);
    background: color-mix(in srgb, var(--_ok) 10%, var(--_surface));
  }
  .day.limited,
  .swatch.limited {
    color: color-mix(in srgb, var(--_warn) 75%, #000);
    background: color-mix(in srgb, var(--_warn) 12%, var(--_surface));
  }
  .day.closed,
  .day.full,
  .day.unmatched,
  .swatch.closed,
  .swatch.full,
  .swatch.unmatched {
    color: color-mix(in srgb, var(--_off) 75%, #000);
    background: color-mix(in srgb, var(--_off) 14%, var(--_surface));
  }
  .full .num,
  .unmatched .num {
    text-decoration: line-through;
  }
  .day.checking,
  .day.unchecked,
  .swatch.checking,
  .swatch.unchecked {
    color: var(--_muted);
  }
  .selected {
    border-color: var(--_primary) !important;
  }
  .marker {
    font-style: normal;
    margin-inline-start: 0.1rem;
  }
  .marker.current {
    color: var(--_primary);
  }
  .marker.parts-begin,
  .marker.parts-end {
    color: var(--_ok);
  }
  .legend {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
    gap: 0.25rem 1rem;
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 0.875rem;
  }
  .legend[hidden] {
    display: none;
  }
  .swatch {
    display: inline-block;
    width: 1.5rem;
    margin-inline-end: 0.5rem;
    border: 2px solid transparent;
    border-radius: 0.25rem;
    text-align: center;
  }
  .slots {
    display: grid;
    gap: 0.5rem;
  }
  [role='radiogroup'] {
    display: grid;
    gap: 0.375rem;
  }
  .slot {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.5);
  }
  .slot[part~='slot-unavailable'] {
    color: var(--_muted);
  }
  /* The window's times wrap beside their radio on a phone; the reason it is unavailable goes below. */
  .slot > span {
    flex: 1 1 0;
    min-width: 0;
  }
  .slot > .why {
    flex-basis: 100%;
    font-size: 0.875rem;
  }
  .confirm {
    display: grid;
    gap: 0.5rem;
  }
  .policy,
  .disclaimer {
    margin: 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
  }
  .outcome:focus {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .problem,
  .empty-month {
    margin: 0;
    padding: 0.75rem;
    border-radius: calc(var(--_radius) * 0.5);
    background: color-mix(in srgb, var(--_warn) 12%, var(--_surface));
  }
  .outcome {
    margin: 0;
    padding: 0.75rem;
    border-radius: calc(var(--_radius) * 0.5);
    background: color-mix(in srgb, var(--_primary) 7%, var(--_surface));
  }
  .outcome p {
    margin: 0 0 0.25rem;
  }
  a {
    color: var(--_primary);
    font-weight: 600;
  }
`;
