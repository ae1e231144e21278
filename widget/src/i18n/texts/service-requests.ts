import type { ServiceRequestStatus, Urgency } from '../../api/types.js';
import type { CommonTexts } from '../translation.js';

/** `<porch-service-requests>`. */
export interface ServiceRequestsTexts extends CommonTexts {
  formTitle: string;
  location: string;
  /** The location choice that shows the address fields. */
  newAddress: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  countryHint: string;
  serviceType: string;
  /** The empty first option of a select. */
  choose: string;
  description: string;
  /** Characters left in the description, the number already formatted. */
  charactersLeft: (left: string) => string;
  preferredDate: string;
  urgency: string;
  urgencies: Record<Urgency, string>;
  submit: string;
  submitting: string;
  required: string;
  countryInvalid: string;
  dateInvalid: string;
  /** Said when a submit finds invalid fields. */
  fixErrors: string;
  submitted: (reference: string) => string;
  another: string;
  submitFailed: string;
  /** 404: the chosen location is not (or no longer) the customer's. */
  locationGone: string;
  tooMany: string;
  /** The company switched requests off: the form is hidden, the list stays. */
  disabled: string;
  listTitle: string;
  empty: string;
  loadFailed: string;
  status: Record<ServiceRequestStatus, string>;
  reference: (reference: string) => string;
  sentOn: (date: string) => string;
  preferredOn: (date: string) => string;
  declineReason: string;
}
