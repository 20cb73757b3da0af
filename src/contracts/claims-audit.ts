/**
 * The audit log's words for billing documents (issue #22): superbills, the 837P claim file, the charges CSV and
 * the practice's billing identity, merged into AUDIT_ACTION_LABELS. Details carry ids, dates and counts only.
 */
export const CLAIM_AUDIT_LABELS = {
  'billing.practice_read': 'Viewed the practice’s billing identity',
  'billing.practice_update': 'Changed the practice’s billing identity',
  'billing.clinician_npi': 'Set a clinician’s NPI',
  'billing.coverage_read': 'Viewed a patient’s insurance',
  'billing.coverage_update': 'Changed a patient’s insurance',
  'billing.superbill': 'Downloaded a patient’s superbill',
  'billing.superbill_email': 'Emailed a patient a link to their superbill',
  'billing.superbill_portal': 'Downloaded their superbill in the portal',
  'billing.superbill_list_portal': 'Viewed their superbills in the portal',
  'billing.claim_preview': 'Previewed the esketamine visits for a claim file',
  'billing.claim_export': 'Exported a claim file (837P)',
  'billing.claim_download': 'Downloaded an earlier claim file (837P)',
  'billing.claim_batches': 'Viewed the claim files exported',
  'billing.charges_csv': 'Exported the charges CSV',
} as const;
