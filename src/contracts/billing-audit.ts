/**
 * The audit log's words for billing (issue #22), merged into AUDIT_ACTION_LABELS. Details carry ids, codes,
 * counts and amounts in cents: never a note's text.
 */
export const BILLING_AUDIT_LABELS = {
  'billing.read': 'Viewed a patient’s charges and payments',
  'billing.propose': 'Proposed the charges of a visit',
  'billing.line_add': 'Added a charge line',
  'billing.line_edit': 'Changed a proposed charge line',
  'billing.line_remove': 'Removed a proposed charge line',
  'billing.finalise': 'Finalised the charges of a visit',
  'billing.reverse': 'Reversed a final charge line',
  'billing.payment': 'Recorded a payment',
  'billing.payment_void': 'Voided a payment',
  'billing.worklist': 'Viewed the billing worklist',
  'billing.fee_schedule_read': 'Viewed the fee schedule',
  'billing.fee_set': 'Changed the fee schedule',
} as const;
