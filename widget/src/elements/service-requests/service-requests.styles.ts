import { css } from 'lit';

export const styles = css`
  :host {
    --_approved: var(--porch-service-requests-approved-color, #166534);
    --_danger: var(--porch-color-danger, #b91c1c);
  }
  .base {
    display: grid;
    gap: 1.5rem;
  }
  .heading {
    margin: 0 0 0.5rem;
    font-size: 1rem;
  }
  .form,
  .success,
  .disabled {
    display: grid;
    gap: 0.75rem;
    margin: 0;
    padding: 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .success p {
    margin: 0;
  }
  .success:focus {
    outline: none;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    min-width: 0;
  }
  label {
    font-weight: 600;
  }
  .address,
  .row {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
    gap: 0.75rem;
  }
  input,
  select,
  textarea {
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_radius) * 0.5);
    background: var(--_surface);
    color: inherit;
    font: inherit;
  }
  textarea {
    resize: vertical;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 1px;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .field-error,
  .form-error {
    margin: 0;
    color: var(--_danger);
    font-size: 0.875em;
  }
  button[type='submit'] {
    justify-self: start;
  }
  button.secondary {
    justify-self: start;
    background: transparent;
    color: var(--_primary);
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .list {
    margin: 0;
    padding: 0;
    list-style: none;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .request {
    padding: 0.75rem 1rem;
  }
  .request + .request {
    border-top: 1px solid var(--_border);
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.25rem 1rem;
  }
  .type {
    font-weight: 600;
  }
  .meta {
    margin: 0.125rem 0 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .nowrap {
    white-space: nowrap;
  }
  .reason {
    margin: 0.375rem 0 0;
  }
  .badge {
    padding: 0.125rem 0.5rem;
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.8125em;
    font-weight: 600;
  }
  .badge.pending {
    color: var(--_muted);
  }
  .badge.approved {
    color: var(--_approved);
  }
  .badge.declined {
    color: var(--_danger);
  }
`;
