/**
 * Billing (issue #22; migration 0027; DOMAIN §9). Money is integer cents (never floating dollars); dates of
 * service and payment dates are local calendar dates 'YYYY-MM-DD' (the visit's own zone); instants are ISO UTC.
 * Lists are JSON text parsed in features/billing/repository.ts.
 */

/**
 * The clinic's price for one CPT/HCPCS code with its modifiers, valid from `effective_from` (inclusive) until
 * `effective_to` (inclusive; null: open). The row whose window holds the date of service prices a line. The clinic
 * owns its coding: shipped rows are examples (example_price = 1) until someone sets the price.
 */
export interface FeeScheduleTable {
  id: string;
  /** CPT (5 digits) or HCPCS Level II (letter + 4 digits), e.g. '99213', 'J0013'. */
  code: string;
  /** JSON string[] of two-character modifiers in claim order, e.g. '["25"]'; '[]' for none. */
  modifiers: string;
  description: string;
  /** What one unit is, in plain words: 'visit', 'injection', 'first hour', 'each additional hour', '1 mg'. */
  unit_label: string;
  /** Price of one unit in cents (>= 0). */
  price_cents: number;
  /** Default 11-digit NDC (5-4-2, no dashes) reported with a drug code (J3490, J0013); null otherwise. */
  ndc: string | null;
  effective_from: string; // YYYY-MM-DD
  effective_to: string | null; // YYYY-MM-DD inclusive, null: open-ended
  /** Where the code and its use come from (e.g. 'AMA CPT 2026', 'CMS HCPCS 2026 Q1'), shown on the screen. */
  source: string;
  /** 1 while the price is the shipped example the clinic has not set; 0 once an admin set it. */
  example_price: number;
  /** 0: retired (no longer proposed or offered), kept for lines already priced from it. */
  active: number;
  version: number;
  created_by: string | null; // null: shipped default
  created_at: string;
  updated_by: string | null;
  updated_at: string;
}

/**
 * One charge line of a visit. The visit is the completed appointment and/or the dosing session (in clinic) or
 * at-home session it stands for: at least one of the three links is set; claim files and superbills group lines
 * by (appointment_id ?? dosing_session_id ?? at_home_session_id).
 *
 * Lifecycle: 'proposed' (by the rules or by hand; editable, deletable) → 'final' (locked: the database refuses
 * UPDATE/DELETE of a final row). A correction of a final line is a new final line with the same code, units and
 * the negated amount_cents whose reverses_id names it (at most one reversal per line), then a new line if needed.
 * Billable = state 'final'; a reversed line and its reversal sum to zero, so sums need no filtering; to list the
 * standing lines, drop final lines that a reversal names and the reversals themselves.
 */
export interface ChargeLinesTable {
  id: string;
  patient_id: string;
  appointment_id: string | null;
  dosing_session_id: string | null;
  at_home_session_id: string | null;
  /** Date of service, local to the visit ('YYYY-MM-DD'). */
  service_date: string;
  /** Order of the line within its visit (1, 2 …): the claim's service line order. */
  seq: number;
  /** CPT/HCPCS code. */
  code: string;
  /** JSON string[] of modifiers (up to 4, two characters each) in claim order. */
  modifiers: string;
  description: string;
  /** Whole units (>= 1): 1 per visit/injection, hours for 96366, mg for J0013. */
  units: number;
  unit_price_cents: number;
  /** units × unit_price_cents for a charge; the negated amount of the line reversed for a reversal. */
  amount_cents: number;
  /** JSON string[] of ICD-10-CM codes (e.g. 'F33.2', with the dot) of the visit, in claim order (up to 12: A–L). */
  diagnosis_codes: string;
  /** JSON number[] of 1-based positions into diagnosis_codes (1–4 of them; the first is primary). */
  diagnosis_pointers: string;
  /** Drug lines: 11-digit NDC, its unit of measure (UN | ML | ME (mg) | GR | F2, the 837P CTP05-1 codes) and quantity. */
  ndc: string | null;
  ndc_unit: string | null;
  ndc_quantity: number | null;
  /** CMS place-of-service code: '11' office, '02' telehealth other than home, '10' telehealth in the home. */
  place_of_service: string;
  /** The clinician who rendered the service (users.id): the prescriber of a dosing visit, the therapist … */
  rendering_clinician_id: string | null;
  /** rules (proposed from the visit) | manual (added by a person) | reversal */
  origin: string;
  /** The proposal rule that made the line (domain/billing), for the review screen's "why". */
  rule_key: string | null;
  /** proposed | final */
  state: string;
  /** A reversal line: the final line it cancels. */
  reverses_id: string | null;
  /** Why a line was reversed or added by hand (free text, staff only). */
  reason: string | null;
  /** The fee-schedule row that priced the line (null: priced by hand). */
  fee_schedule_id: string | null;
  finalised_by: string | null;
  finalised_at: string | null;
  created_by: string | null; // null: proposed automatically when the visit completed
  created_at: string;
  updated_by: string | null;
  updated_at: string;
  version: number;
}

/**
 * A payment received from the patient (append-only). A mistaken entry is voided by a second row with the negated
 * amount and reverses_id naming it. Balance of a patient = Σ final charge_lines.amount_cents − Σ payments.amount_cents.
 */
export interface PaymentsTable {
  id: string;
  patient_id: string;
  /** Cents; > 0 for a payment, < 0 only for a void (reverses_id set). */
  amount_cents: number;
  reverses_id: string | null;
  /** cash | card | check | bank_transfer | other */
  method: string;
  /** The local date the money was received ('YYYY-MM-DD'). */
  received_on: string;
  /** A check number or card receipt reference; never a full card number. */
  reference: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}

/** Which charge lines a payment pays (optional; append-only). Σ per payment ≤ the payment's amount. */
export interface PaymentAllocationsTable {
  payment_id: string;
  charge_line_id: string;
  patient_id: string;
  amount_cents: number;
}

export interface BillingTables {
  fee_schedule: FeeScheduleTable;
  charge_lines: ChargeLinesTable;
  payments: PaymentsTable;
  payment_allocations: PaymentAllocationsTable;
}
