/** The contract shared with the widget (types and plain constants only): service requests. */

/** How soon a customer needs the service they ask for. */
export const URGENCIES = ['low', 'normal', 'high', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** The longest description of a service request the API takes, in characters. */
export const SERVICE_REQUEST_DESCRIPTION_MAX = 2000;

export type ServiceRequestStatus = 'pending' | 'approved' | 'declined';

/** A customer's service request as the portal lists it. */
export interface PortalServiceRequest {
  id: string;
  /** What the customer and the company quote (`SR-…`). */
  reference: string;
  status: ServiceRequestStatus;
  serviceType: string;
  description: string;
  urgency: Urgency;
  preferredDate: string | null;
  location: { line1: string; city: string; postalCode: string | null };
  /** Why the company declined, when it did. */
  declineReason: string | null;
  /** The job an approval created. */
  ticketId: string | null;
  createdAt: string;
  decidedAt: string | null;
}

/**
 * `GET /v1/portal/service-requests` answer: the customer's requests (newest first) and what the form needs —
 * whether the company takes requests now, its service types and the customer's own locations.
 */
export interface PortalServiceRequests {
  enabled: boolean;
  serviceTypes: string[];
  descriptionMaxLength: number;
  locations: { id: string; line1: string; city: string; postalCode: string | null }[];
  items: PortalServiceRequest[];
}

/** `POST /v1/portal/service-requests` body: one of `locationId` (the customer's own) or `address` (a new one). */
export interface ServiceRequestInput {
  locationId?: string;
  address?: { line1: string; city: string; postalCode?: string; country: string };
  serviceType: string;
  description: string;
  preferredDate?: string;
  urgency: Urgency;
}
