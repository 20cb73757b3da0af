/**
 * Billing documents (issue #22; migration 0028): the practice's billing identity, clinicians' NPIs, patients'
 * insurance coverage, and the 837P batches exported. Charge lines themselves are in tables/billing.ts (0027).
 */

/** One row (id 'practice'): what superbills and the 837P say about the practice. */
export interface BillingPracticeTable {
  id: string;
  name: string;
  address_line1: string | null;
  address_line2: string | null;
  city: string | null;
  state: string | null; // two letters
  postal_code: string | null; // ZIP or ZIP+4
  phone: string | null;
  tax_id: string | null; // EIN, nine digits
  npi: string | null; // the group (type 2) NPI
  taxonomy: string | null; // NUCC code, e.g. 261QM0801X
  submitter_id: string | null; // the id the clearinghouse gave the practice (ISA06, NM1*41)
  receiver_name: string | null; // the clearinghouse (NM1*40)
  receiver_id: string | null; // its id (ISA08, NM1*40)
  contact_name: string | null; // PER*IC
  usage: string; // ISA15: T test | P production
  /** JSON Record<appointment type id, 'all' | 'main'>: how much a superbill lists (default 'main'). */
  superbill_detail: string;
  version: number;
  updated_by: string | null;
  updated_at: string;
}

/** A rendering clinician's individual (type 1) NPI. */
export interface BillingCliniciansTable {
  user_id: string;
  npi: string;
  taxonomy: string | null;
  credentials: string | null; // e.g. MD, NP, as printed after the name
  updated_by: string | null;
  updated_at: string;
}

/** A patient's primary insurance, where known (superbill and 837P). */
export interface PatientCoverageTable {
  patient_id: string;
  payer_name: string;
  payer_id: string | null; // the payer's electronic id (NM1*PR09)
  member_id: string;
  group_number: string | null;
  filing_indicator: string; // SBR09: CI commercial, BL, MB, MC, HM …
  relationship: string; // the patient's relationship to the insured: 18 self, 01 spouse, 19 child, G8 other
  insured_first_name: string | null; // null when the patient is the insured
  insured_last_name: string | null;
  insured_date_of_birth: string | null;
  insured_sex: string | null; // F | M | U
  version: number;
  updated_by: string | null;
  updated_at: string;
}

/** One 837P export (append-only). control_number is the ISA13/GS06 number: unique, increasing. */
export interface ClaimBatchesTable {
  id: string;
  control_number: number;
  from_date: string;
  to_date: string;
  claim_count: number;
  total_cents: number;
  usage: string;
  content: string; // the 837P text, to download again
  created_by: string;
  created_at: string;
}

export interface ClaimBatchLinesTable {
  batch_id: string;
  charge_line_id: string;
  patient_id: string;
}

export interface ClaimTables {
  billing_practice: BillingPracticeTable;
  billing_clinicians: BillingCliniciansTable;
  patient_coverage: PatientCoverageTable;
  claim_batches: ClaimBatchesTable;
  claim_batch_lines: ClaimBatchLinesTable;
}
