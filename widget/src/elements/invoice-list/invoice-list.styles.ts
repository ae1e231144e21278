import { css } from 'lit';

export const styles = css`
  :host {
    --_paid: var(--porch-invoice-list-paid-color, #166534);
    --_overdue: var(--porch-invoice-list-overdue-color, #b91c1c);
  }
  .heading {
    margin: 0 0 0.5rem;
    font-size: 1rem;
  }
  .list {
    margin: 0;
    padding: 0;
    list-style: none;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .invoice + .invoice {
    border-top: 1px solid var(--_border);
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 1rem;
    width: 100%;
    min-height: 3rem;
    padding: 0.75rem 1rem;
    border: 0;
    border-radius: 0;
    background: none;
    color: inherit;
    font-weight: normal;
    text-align: start;
  }
  .summary .number {
    font-weight: 600;
  }
  .summary .dates {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .summary .total {
    margin-inline-start: auto;
    font-variant-numeric: tabular-nums;
  }
  .badge {
    padding: 0.125rem 0.5rem;
    border: 1px solid currentColor;
    border-radius: 999px;
    font-size: 0.8125em;
    font-weight: 600;
  }
  .badge.paid {
    color: var(--_paid);
  }
  .badge.overdue {
    color: var(--_overdue);
  }
  .badge.void,
  .badge.due,
  .badge.refunded,
  .badge.partially-refunded,
  .badge.credited {
    color: var(--_muted);
  }
  .detail {
    padding: 0 1rem 1rem;
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.875em;
  }
  th,
  td {
    padding: 0.25rem 0.25rem;
    text-align: end;
    vertical-align: top;
  }
  th:first-child,
  td:first-child {
    text-align: start;
  }
  thead th {
    border-bottom: 1px solid var(--_border);
    color: var(--_muted);
    font-weight: 600;
  }
  tfoot tr:first-child th,
  tfoot tr:first-child td {
    border-top: 1px solid var(--_border);
  }
  .strong {
    font-weight: 600;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.75rem;
  }
  .secondary {
    background: none;
    color: var(--_primary);
  }
  .result {
    margin: 0 0 0.75rem;
    padding: 0.75rem 1rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  td:first-child {
    overflow-wrap: anywhere;
  }
  @media (max-width: 480px) {
    .hide-narrow {
      display: none;
    }
    .detail {
      padding: 0 0.5rem 1rem;
    }
    th,
    td {
      padding: 0.25rem 0.125rem;
    }
  }
`;
