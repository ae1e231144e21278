import type { VisitProblem } from '../schemas/contract/booking';

/**
 * Why a booked visit can no longer take place as booked, in the order a customer can act on: the company closed
 * its day, its day lies outside the ticket's parts window (the parts moved), or its engineer is away then (or no
 * longer active). The ticket read and the booking calendar both say it from here.
 */
export function visitProblemOf(visit: {
  date: string;
  partsFrom: string | null;
  partsTo: string | null;
  dayClosed: boolean;
  engineerAway: boolean;
}): VisitProblem | null {
  const { date, partsFrom, partsTo } = visit;
  const outside = (partsFrom !== null && date < partsFrom) || (partsTo !== null && date > partsTo);
  return visit.dayClosed ? 'closed' : outside ? 'parts' : visit.engineerAway ? 'engineer' : null;
}
