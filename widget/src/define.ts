/**
 * Classic-script entry (`dist/porchlight.iife.js`): defines every element at once and exposes the public classes
 * as `window.Porchlight`.
 *
 * @example
 * <script src="https://api.example.com/widget/porchlight.iife.js"></script>
 * <porch-portal></porch-portal>
 */
import { PorchBookingCalendar } from './elements/booking-calendar/booking-calendar.js';
import { PorchInvoiceList } from './elements/invoice-list/invoice-list.js';
import { PorchPortal } from './elements/portal/portal.js';
import { PorchShareLinks } from './elements/share-links/share-links.js';
import { PorchStatusTimeline } from './elements/status-timeline/status-timeline.js';
import { PorchTicketInfos } from './elements/ticket-infos/ticket-infos.js';

PorchPortal.define('porch-portal');
PorchStatusTimeline.define('porch-status-timeline');
PorchShareLinks.define('porch-share-links');
PorchBookingCalendar.define('porch-booking-calendar');
PorchTicketInfos.define('porch-ticket-infos');
PorchInvoiceList.define('porch-invoice-list');

export { PorchClient } from './api/client.js';
export { PorchApiError } from './api/errors.js';
export { PorchBookedEvent } from './events/booked.js';
export { PorchErrorEvent } from './events/error.js';
export { PorchPaidEvent } from './events/paid.js';
export { PorchRescheduledEvent } from './events/rescheduled.js';
export { PorchSessionEvent } from './events/session.js';
export { PorchShareCreatedEvent } from './events/share-created.js';
export { PorchShareRevokedEvent } from './events/share-revoked.js';
export { PorchStatusChangedEvent } from './events/status-changed.js';
export { PorchBookingCalendar, PorchInvoiceList, PorchPortal, PorchShareLinks, PorchStatusTimeline, PorchTicketInfos };
