import type { Translation } from './en.js';

export const de: Translation = {
  status: {
    received: 'Auftrag eingegangen',
    scheduling: 'Terminplanung',
    dispatched: 'Techniker beauftragt',
    on_route: 'Auf dem Weg zu Ihnen',
    onsite: 'Vor Ort eingetroffen',
    completed: 'Einsatz beendet',
    closed: 'Auftrag abgeschlossen',
  },
  state: { done: 'erledigt', current: 'aktuell', upcoming: 'ausstehend' },
  loading: 'Wird geladen …',
  error: 'Etwas ist schiefgelaufen',
  retry: 'Erneut versuchen',
  empty: 'Noch keine Neuigkeiten',
  progress: 'Fortschritt Ihres Auftrags',
  technician: 'Techniker:',
  eta: (from, to) => `Erwartet zwischen ${from} und ${to}`,
  statusChanged: (status) => `Status aktualisiert: ${status}`,
  reference: (reference) => `Referenz ${reference}`,
  portal: {
    greeting: (name) => `Hallo ${name}`,
    companySite: (company) => `Website von ${company}`,
    noToken: 'Um Ihren Serviceauftrag zu sehen, öffnen Sie bitte den Link aus Ihrer E-Mail oder SMS.',
    linkExpired:
      'Dieser Link ist abgelaufen. Bitte verwenden Sie den neuesten Link, den wir Ihnen geschickt haben, oder fordern Sie einen neuen an.',
    linkUsed: 'Dieser Link wurde bereits verwendet. Bitte fordern Sie einen neuen Link an.',
    linkInvalid: 'Dieser Link ist ungültig. Bitte prüfen Sie, ob Sie den vollständigen Link geöffnet haben.',
    sessionEnded: 'Ihre Sitzung ist abgelaufen. Bitte öffnen Sie den Link aus Ihrer Nachricht erneut.',
    disabled: 'Das Kundenportal ist derzeit nicht verfügbar. Bitte versuchen Sie es später erneut.',
  },
};
