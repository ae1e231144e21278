import { css } from 'lit';

export const styles = css`
  :host {
    --_max-width: var(--porch-portal-max-width, 42rem);
    --_logo-height: var(--porch-portal-logo-height, 2rem);
    /* The spacing scale; a theme's density sets the three (portal.theme.ts). */
    --_space-s: var(--porch-space-s, 0.75rem);
    --_space-m: var(--porch-space-m, 1rem);
    --_space-l: var(--porch-space-l, 1.5rem);
    --_inset: var(--_space-l);
    /* Size containment gives the host no intrinsic width: without width: 100% it collapses in grid or flex parents. */
    container-type: inline-size;
    width: 100%;
    max-width: var(--_max-width);
    margin-inline: auto;
  }
  @container (max-width: 30rem) {
    .base {
      --_inset: var(--_space-m);
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
    padding: var(--_space-m) var(--_inset);
    border-bottom: 1px solid var(--_border);
  }
  .brand {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-s);
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
    padding: var(--_space-l) var(--_inset) var(--_inset);
  }
  .back {
    margin-bottom: var(--_space-s);
    padding-inline: 0;
    border-color: transparent;
    background: transparent;
    color: var(--_primary);
  }
  .job-title {
    margin: 0 0 var(--_space-s);
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
    margin: 0 0 var(--_space-m);
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
  .resolution,
  .ticket-documents {
    margin-top: var(--_space-l);
  }
  .ticket-infos {
    /* Inside the element: an empty one takes no space. */
    --porch-ticket-infos-spacing: var(--_space-l);
  }
  .panel:focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 4px;
  }
  .notice-title {
    width: 100%;
    margin: 0;
    font-size: 1.125rem;
  }
  .account {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space-s) * 0.75) var(--_space-m);
    margin-top: var(--_space-m);
    padding-top: var(--_space-s);
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
