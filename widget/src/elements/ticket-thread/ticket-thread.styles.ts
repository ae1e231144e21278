import { css } from 'lit';

export const styles = css`
  :host {
    --_own: var(--porch-ticket-thread-own-background, #eff6ff);
    --_danger: var(--porch-color-danger, #b91c1c);
  }
  :host([badge]) {
    display: inline-block;
  }
  .base {
    display: grid;
    gap: 0.75rem;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
  }
  .heading {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    font-size: 1.125rem;
  }
  .badge {
    display: inline-block;
    min-width: 1.5em;
    padding: 0 0.4em;
    border-radius: 999px;
    background: var(--_primary);
    color: var(--_on-primary);
    font-size: 0.8125rem;
    font-weight: 600;
    line-height: 1.5;
    text-align: center;
  }
  .unread {
    color: var(--_primary);
    font-size: 0.875em;
    font-weight: 600;
  }
  .list {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .message {
    max-width: min(36rem, 88%);
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .company {
    justify-self: start;
    background: var(--_surface);
  }
  .own {
    justify-self: end;
    background: var(--_own);
  }
  .meta {
    margin: 0 0 0.125rem;
    color: var(--_muted);
    font-size: 0.8125em;
  }
  .author {
    font-weight: 600;
  }
  .text {
    margin: 0;
    /* Line breaks are part of the message; long words and links must not widen the card. */
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  a {
    color: var(--_primary);
  }
  a:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .divider {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    color: var(--_primary);
    font-size: 0.8125em;
    font-weight: 600;
  }
  .divider::before,
  .divider::after {
    content: '';
    flex: 1;
    border-top: 1px solid var(--_primary);
  }
  .empty {
    margin: 0;
    color: var(--_muted);
  }
  .composer {
    display: grid;
    gap: 0.375rem;
  }
  .label {
    font-weight: 600;
  }
  textarea {
    width: 100%;
    min-height: 4.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface);
    color: inherit;
    font: inherit;
    resize: vertical;
  }
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.8125em;
  }
  .send-error {
    margin: 0;
    color: var(--_danger);
  }
  button[part='send'] {
    justify-self: end;
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: default;
  }
`;
