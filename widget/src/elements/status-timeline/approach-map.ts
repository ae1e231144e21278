/**
 * The small map of `<porch-status-timeline>`: its own chunk, imported only when the tenant configured map tiles,
 * so no page loads it (or any tile) otherwise.
 */
import { css, html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { PortalApproach } from '../../api/types.js';

/** Streets and a neighbourhood: a 256 px tile spans about 1.6 km at 50° latitude. */
const ZOOM = 14;
const TILE = 256;

/**
 * The 2×2 tiles (OSM-style `{z}/{x}/{y}`, Web Mercator) around the technician's position, shifted so that the
 * position, marked, sits in the middle of the view. The tiles are decoration inside one `role="img"` with `label`
 * as its text alternative. Only for an approach with a `mapTileUrl`.
 */
export function renderMap({ lat, lng, mapTileUrl }: Extract<PortalApproach, { precision: 'precise' }>, label: string) {
  const n = 2 ** ZOOM;
  const x = ((lng + 180) / 360) * n;
  const y = ((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * n;
  // The 2×2 block whose centre is nearest the position covers a view of up to one tile around it.
  const left = Math.floor(x - 0.5);
  const top = Math.floor(y - 0.5);
  const tile = (dx: number, dy: number) =>
    mapTileUrl!
      .replace('{z}', String(ZOOM))
      .replace('{x}', String((left + dx + n) % n))
      .replace('{y}', String(top + dy));
  // styleMap sets the offsets through CSSOM, which a page's Content-Security-Policy allows where style="" is not.
  const offset = styleMap({ left: `calc(50% - ${(x - left) * TILE}px)`, top: `calc(50% - ${(y - top) * TILE}px)` });
  return html`<div part="map" class="map" role="img" aria-label=${label}>
    <div class="tiles" style=${offset}>
      ${[tile(0, 0), tile(1, 0), tile(0, 1), tile(1, 1)].map(
        (src) => html`<img src=${src} alt="" width=${TILE} height=${TILE} loading="lazy" decoding="async" />`,
      )}
    </div>
    <span part="marker" class="marker"></span>
  </div>`;
}

/** Adopted into the timeline's shadow root when this module loads. */
export const styles = css`
  .map {
    position: relative;
    overflow: hidden;
    max-width: 256px;
    height: 160px;
    margin-top: 0.375rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_border);
  }
  .tiles {
    position: absolute;
    display: grid;
    grid-template-columns: repeat(2, 256px);
  }
  .tiles img {
    display: block;
  }
  .marker {
    position: absolute;
    top: 50%;
    left: 50%;
    width: 1rem;
    height: 1rem;
    margin: -0.5rem 0 0 -0.5rem;
    border: 3px solid var(--_surface);
    border-radius: 50%;
    background: var(--_primary);
    box-shadow: 0 0 0 1px var(--_primary);
  }
`;
