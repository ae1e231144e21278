/** The texts of `<porch-share-links>`: they load with its chunk, not with every element. */
export interface ShareLinksTexts {
  /** The disclosure button. */
  toggle: string;
  /** What the person gets, and what they do not. */
  intro: string;
  labelField: string;
  labelHint: string;
  create: string;
  creating: string;
  /** Label of the read-only field holding the new link, with whom it is for when the customer said. */
  createdFor: (label: string | null) => string;
  shownOnce: string;
  copy: string;
  copied: string;
  /** When the clipboard cannot be written: the link is selected instead. */
  copySelected: string;
  listTitle: string;
  empty: string;
  /** A link the customer gave no label. */
  unnamed: string;
  /** Each said before a date and time. */
  created: string;
  lastUsed: string;
  neverUsed: string;
  expires: string;
  expired: string;
  revoked: string;
  revoke: string;
  /** The accessible name of a Revoke button: which link it revokes. */
  revokeNamed: (label: string) => string;
  confirmQuestion: string;
  confirmRevoke: string;
  cancel: string;
  announceCreated: string;
  announceRevoked: string;
  loadFailed: string;
  /** 403 SHARE_NOT_ALLOWED: this session is itself a shared view. */
  notAllowed: string;
  createFailed: string;
  revokeFailed: string;
  /** 429 RATE_LIMITED. */
  tooMany: string;
}

export const texts: Record<'en' | 'de', ShareLinksTexts> = {
  en: {
    toggle: 'Share view-only access',
    intro:
      'Give a colleague or family member a link to follow this ticket. They see its status only — nothing else of yours, and they cannot change or share anything. A link works for 30 days, and you can revoke it at any time.',
    labelField: 'For whom?',
    labelHint: 'Optional, so you know later who has which link.',
    create: 'Create link',
    creating: 'Creating…',
    createdFor: (label) => (label ? `Link for ${label}` : 'New link'),
    shownOnce: 'Copy it now: it is shown only once.',
    copy: 'Copy',
    copied: 'Copied',
    copySelected: 'The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.',
    listTitle: 'Who has access',
    empty: 'No one else has access',
    unnamed: 'Link without a name',
    created: 'Created',
    lastUsed: 'Last used',
    neverUsed: 'Not used yet',
    expires: 'Expires',
    expired: 'Expired',
    revoked: 'Revoked',
    revoke: 'Revoke',
    revokeNamed: (label) => `Revoke: ${label}`,
    confirmQuestion: 'Revoke this link? Whoever has it can no longer see the ticket.',
    confirmRevoke: 'Yes, revoke',
    cancel: 'Cancel',
    announceCreated: 'Link created',
    announceRevoked: 'Link revoked',
    loadFailed: 'The links could not be loaded.',
    notAllowed: 'This view was shared with you: only the person who shared it can give others access.',
    createFailed: 'The link could not be created. Please try again.',
    revokeFailed: 'The link could not be revoked. Please try again.',
    tooMany: 'Too many changes in a short time. Please wait a minute, then try again.',
  },
  de: {
    toggle: 'Nur-Lese-Zugang teilen',
    intro:
      'Geben Sie einer Kollegin, einem Kollegen oder Angehörigen einen Link, um diesen Auftrag zu verfolgen. Sie sehen nur den Status – sonst nichts von Ihnen – und können nichts ändern oder weitergeben. Ein Link gilt 30 Tage; Sie können ihn jederzeit widerrufen.',
    labelField: 'Für wen?',
    labelHint: 'Optional, damit Sie später wissen, wer welchen Link hat.',
    create: 'Link erstellen',
    creating: 'Wird erstellt …',
    createdFor: (label) => (label ? `Link für ${label}` : 'Neuer Link'),
    shownOnce: 'Kopieren Sie ihn jetzt: Er wird nur einmal angezeigt.',
    copy: 'Kopieren',
    copied: 'Kopiert',
    copySelected: 'Der Link ist markiert: Drücken Sie Strg+C (⌘C auf dem Mac), um ihn zu kopieren.',
    listTitle: 'Wer hat Zugang',
    empty: 'Niemand sonst hat Zugang',
    unnamed: 'Link ohne Namen',
    created: 'Erstellt',
    lastUsed: 'Zuletzt genutzt',
    neverUsed: 'Noch nicht genutzt',
    expires: 'Gültig bis',
    expired: 'Abgelaufen',
    revoked: 'Widerrufen',
    revoke: 'Widerrufen',
    revokeNamed: (label) => `Widerrufen: ${label}`,
    confirmQuestion: 'Diesen Link widerrufen? Wer ihn hat, sieht den Auftrag dann nicht mehr.',
    confirmRevoke: 'Ja, widerrufen',
    cancel: 'Abbrechen',
    announceCreated: 'Link erstellt',
    announceRevoked: 'Link widerrufen',
    loadFailed: 'Die Links konnten nicht geladen werden.',
    notAllowed: 'Diese Ansicht wurde mit Ihnen geteilt: Nur wer sie geteilt hat, kann anderen Zugang geben.',
    createFailed: 'Der Link konnte nicht erstellt werden. Bitte versuchen Sie es erneut.',
    revokeFailed: 'Der Link konnte nicht widerrufen werden. Bitte versuchen Sie es erneut.',
    tooMany: 'Zu viele Änderungen in kurzer Zeit. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.',
  },
};
