import { css } from 'lit';

export const styles = css`
  :host {
    --_max-width: var(--porch-portal-max-width, 42rem);
    --_logo-height: var(--porch-portal-logo-height, 2rem);
    --_inset: 1.5rem;
    /* Size containment gives the host no intrinsic width: without width: 100% it collapses in grid or flex parents. */
    container-type: inline-size;
    width: 100%;
    max-width: var(--_max-width);
    margin-inline: auto;
  }
  @container (max-width: 30rem) {
    .base {
      --_inset: 1rem;
    }
  }
  /* The portal's language may come from the profile rather than the page. */
  .base:lang(ar) {
    direction: rtl;
  }
  .base {
    overflow: hidden;
    border: 1px solid var(--_border);
    border-top: 4px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow:
      0 1px 2px rgb(15 23 42 / 0.04),
      0 12px 32px -12px rgb(15 23 42 / 0.12);
  }
  .header {
    display: flex;
    align-items: center;
    padding: 1rem var(--_inset);
    border-bottom: 1px solid var(--_border);
  }
  .brand {
    display: inline-flex;
    align-items: center;
    gap: 0.75rem;
    min-width: 0;
    color: inherit;
    text-decoration: none;
  }
  a.brand:hover .company {
    text-decoration: underline;
  }
  a.brand:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 4px;
    border-radius: 2px;
  }
  .logo {
    height: var(--_logo-height);
    width: auto;
    max-width: 10rem;
    object-fit: contain;
  }
  .company {
    font-weight: 600;
  }
  .content {
    padding: 1.5rem var(--_inset) var(--_inset);
  }
  .back {
    margin-bottom: 0.75rem;
    padding-inline: 0;
    border-color: transparent;
    background: transparent;
    color: var(--_primary);
  }
  .job-title {
    margin: 0 0 0.75rem;
    font-size: 1.125rem;
  }
  .salutation {
    margin: 0 0 1.25rem;
    font-size: 1.375rem;
    font-weight: 650;
    line-height: 1.3;
    letter-spacing: -0.01em;
    text-wrap: balance;
  }
  .base > .notice {
    min-height: 12rem;
    padding: 2rem var(--_inset);
  }
  .base > .notice p {
    max-width: 28rem;
  }

  .tabs {
    display: flex;
    /* More sections than fit a phone's width wrap to a second row rather than hide behind a scroll. */
    flex-wrap: wrap;
    gap: 0.25rem;
    margin: 0 0 1rem;
    border-bottom: 1px solid var(--_border);
    overflow-x: auto;
  }
  .tab {
    min-height: 2.75rem;
    border: 0;
    border-bottom: 3px solid transparent;
    border-radius: 0;
    background: none;
    color: var(--_muted);
    white-space: nowrap;
  }
  .tab[aria-selected='true'] {
    border-bottom-color: var(--_primary);
    color: var(--_text);
  }
  .share-links,
  .resolution {
    margin-top: 1.5rem;
  }
  .ticket-infos {
    /* Inside the element: an empty one takes no space. */
    --porch-ticket-infos-spacing: 1.5rem;
  }
  .panel:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 4px;
  }
  .notice-title,
  .ask-title {
    width: 100%;
    margin: 0;
    font-size: 1.125rem;
  }
  .ask,
  .ask-result {
    margin: 0;
    padding: 0 var(--_inset) var(--_inset);
  }
  .ask {
    display: grid;
    gap: 0.5rem;
  }
  .ask-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .ask input {
    flex: 1 1 12rem;
    min-height: 2.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_radius) * 0.75);
    font: inherit;
    color: inherit;
    background: var(--_surface);
  }
  .ask input:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 1px;
  }
  .ask-problem {
    margin: 0;
    color: var(--porch-color-danger, #b91c1c);
  }
  .account {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    margin-top: 1rem;
    padding-top: 0.75rem;
    border-top: 1px solid var(--_border);
    font-size: 0.875em;
  }
  .account button {
    min-height: 2.5rem;
    padding: 0.25rem 0.75rem;
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_radius) * 0.75);
    font: inherit;
    color: inherit;
    background: var(--_surface);
    cursor: pointer;
  }
  .account button:focus-visible,
  .keep input:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 1px;
  }
`;
