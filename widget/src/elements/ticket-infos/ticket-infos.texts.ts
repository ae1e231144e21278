/** The texts of `<porch-ticket-infos>`: they load with its chunk, not with every element. */
export interface TicketInfosTexts {
  /** The list's heading, naming the company when it is known. */
  heading: (company: string | null) => string;
  /** A comment the customer wrote (the company's infos carry no author line). */
  fromYou: string;
  loading: string;
  loadFailed: string;
}

export const texts: { en: TicketInfosTexts; de: TicketInfosTexts } = {
  en: {
    heading: (company) => (company ? `Updates from ${company}` : 'Updates'),
    fromYou: 'You wrote',
    loading: 'Loading updates…',
    loadFailed: 'The updates could not be loaded.',
  },
  de: {
    heading: (company) => (company ? `Neuigkeiten von ${company}` : 'Neuigkeiten'),
    fromYou: 'Von Ihnen',
    loading: 'Neuigkeiten werden geladen…',
    loadFailed: 'Die Neuigkeiten konnten nicht geladen werden.',
  },
};
