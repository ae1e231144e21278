import { css } from 'lit';

export const styles = css`
  :host {
    --_match: var(--porch-job-list-match, #fde68a);
  }
  .base {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 1.25rem;
  }
  .search label,
  .grid label {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.25rem;
    font-weight: 600;
  }
  .row {
    display: flex;
    gap: 0.5rem;
  }
  input,
  select {
    box-sizing: border-box;
    min-width: 0;
    min-height: 2.5rem;
    padding: 0.375rem 0.625rem;
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface);
    color: inherit;
    font: inherit;
    font-weight: 400;
  }
  .row input {
    flex: 1;
  }
  .grid label {
    min-width: 0;
  }
  .grid input,
  .grid select {
    width: 100%;
  }
  input:focus-visible,
  select:focus-visible,
  summary:focus-visible,
  .job:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .hint {
    margin: 0.25rem 0 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .filters {
    margin-top: 0.5rem;
  }
  summary {
    cursor: pointer;
    color: var(--_primary);
    font-weight: 600;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(12rem, 100%), 1fr));
    gap: 0.75rem;
    margin: 0.75rem 0;
  }
  button.secondary {
    background: transparent;
    color: var(--_primary);
  }
  .heading {
    margin: 0 0 0.5rem;
    font-size: 1.0625rem;
  }
  .list {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .job {
    display: grid;
    gap: 0.125rem;
    width: 100%;
    padding: 0.75rem 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font-weight: 400;
    text-align: start;
  }
  .job:hover {
    border-color: var(--_primary);
  }
  .status {
    color: var(--_primary);
    font-weight: 700;
    font-size: 0.875em;
  }
  .title {
    font-weight: 600;
  }
  .line {
    overflow-wrap: anywhere;
  }
  .muted,
  .empty {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .empty {
    margin: 0;
  }
  mark {
    background: var(--_match);
    color: inherit;
  }
  .more {
    margin-top: 0.75rem;
  }
`;
