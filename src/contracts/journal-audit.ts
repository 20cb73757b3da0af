/** The audit log's words for the integration journal (issue #17). Details never carry the patient's text. */
export const JOURNAL_AUDIT_LABELS = {
  'journal.portal_list': 'Opened their journal in the portal',
  'journal.portal_read': 'Opened one of their journal entries',
  'journal.write': 'Saved a journal entry',
  'journal.share': 'Shared a journal entry with the care team',
  'journal.withdraw': 'Stopped sharing a journal entry',
  'journal.read_shared': 'Read the journal entries a patient shared',
  'journal.prompts_save': 'Changed the journal’s prompts',
} as const;
