/**
 * The codes Liminal knows how to propose, with the shipped default fee schedule (DOMAIN §9; issue #22).
 *
 * The clinic owns its coding: every price below is an EXAMPLE the clinic must replace with its own fee, and
 * codes change every year (CPT each 1 January; HCPCS Level II quarterly), so each row carries its source and the
 * dates it is valid for. Descriptions are our own short wording, not the AMA's descriptors (which are licensed).
 *
 * Sources:
 *  - AMA CPT 2026 Professional: E/M office visits 99202–99205 / 99212–99215 (time thresholds since 2021, total
 *    time on the date of the encounter); psychotherapy 90832/90834/90837 and add-ons 90833/90836/90838; injection
 *    96372; IV infusion 96365/96366 and push 96374.
 *  - CMS HCPCS Level II: J3490 unlisted drug; G2082/G2083 esketamine visit (CY 2020 Physician Fee Schedule final
 *    rule, 84 FR 62568, 2019-11-15); J0013 esketamine 1 mg replacing S0013 from 2026-01-01 (CMS HCPCS quarterly
 *    update, January 2026).
 *  - CMS Place of Service code set: 11 office, 02 telehealth other than in the home, 10 telehealth in the home.
 */

export const AMA_CPT = 'AMA CPT 2026 Professional';
export const CMS_HCPCS = 'CMS HCPCS Level II, January 2026 update';
export const CMS_ESKETAMINE = 'CMS CY2020 Physician Fee Schedule final rule (84 FR 62568): G2082/G2083';

export type CodeKind =
  | 'em'
  | 'psychotherapy'
  | 'psychotherapy_addon'
  | 'procedure'
  | 'drug'
  | 'esketamine_visit';

export interface BillingCode {
  code: string;
  kind: CodeKind;
  description: string;
  unitLabel: string;
  /** EXAMPLE price of one unit in cents: the clinic sets its own. */
  examplePriceCents: number;
  /** Units a line may carry (inclusive): a drug billed per mg can carry many. */
  maxUnits: number;
  /** The line reports a drug: an NDC and its quantity are expected on a claim. */
  drug: boolean;
  effectiveFrom: string;
  effectiveTo: string | null;
  source: string;
}

const code = (
  c: Omit<BillingCode, 'maxUnits' | 'drug' | 'effectiveTo'> & Partial<BillingCode>,
): BillingCode => ({
  maxUnits: 1,
  drug: false,
  effectiveTo: null,
  ...c,
});

const since2021 = '2021-01-01';

export const BILLING_CODES: readonly BillingCode[] = [
  code({
    code: '99202',
    kind: 'em',
    description: 'Office visit, new patient, straightforward (15+ min)',
    unitLabel: 'visit',
    examplePriceCents: 10_000,
    effectiveFrom: since2021,
    source: AMA_CPT,
  }),
  code({
    code: '99203',
    kind: 'em',
    description: 'Office visit, new patient, low complexity (30+ min)',
    unitLabel: 'visit',
    examplePriceCents: 15_000,
    effectiveFrom: since2021,
    source: AMA_CPT,
  }),
  code({
    code: '99204',
    kind: 'em',
    description: 'Office visit, new patient, moderate complexity (45+ min)',
    unitLabel: 'visit',
    examplePriceCents: 22_500,
    effectiveFrom: since2021,
    source: AMA_CPT,
  }),
  code({
    code: '99205',
    kind: 'em',
    description: 'Office visit, new patient, high complexity (60+ min)',
    unitLabel: 'visit',
    examplePriceCents: 30_000,
    effectiveFrom: since2021,
    source: AMA_CPT,
  }),
  code({
    code: '99212',
    kind: 'em',
    description: 'Office visit, established patient, straightforward (10+ min)',
    unitLabel: 'visit',
    examplePriceCents: 8_000,
    effectiveFrom: since2021,
    source: AMA_CPT,
  }),
  code({
    code: '99213',
    kind: 'em',
    description: 'Office visit, established patient, low complexity (20+ min)',
    unitLabel: 'visit',
    examplePriceCents: 12_000,
    effectiveFrom: since2021,
    source: AMA_CPT,
  }),
  code({
    code: '99214',
    kind: 'em',
    description: 'Office visit, established patient, moderate complexity (30+ min)',
    unitLabel: 'visit',
    examplePriceCents: 17_500,
    effectiveFrom: since2021,
    source: AMA_CPT,
  }),
  code({
    code: '99215',
    kind: 'em',
    description: 'Office visit, established patient, high complexity (40+ min)',
    unitLabel: 'visit',
    examplePriceCents: 24_000,
    effectiveFrom: since2021,
    source: AMA_CPT,
  }),
  code({
    code: '90832',
    kind: 'psychotherapy',
    description: 'Psychotherapy, 30 minutes (16–37 min)',
    unitLabel: 'session',
    examplePriceCents: 9_000,
    effectiveFrom: '2013-01-01',
    source: AMA_CPT,
  }),
  code({
    code: '90834',
    kind: 'psychotherapy',
    description: 'Psychotherapy, 45 minutes (38–52 min)',
    unitLabel: 'session',
    examplePriceCents: 13_000,
    effectiveFrom: '2013-01-01',
    source: AMA_CPT,
  }),
  code({
    code: '90837',
    kind: 'psychotherapy',
    description: 'Psychotherapy, 60 minutes (53+ min)',
    unitLabel: 'session',
    examplePriceCents: 18_000,
    effectiveFrom: '2013-01-01',
    source: AMA_CPT,
  }),
  code({
    code: '90833',
    kind: 'psychotherapy_addon',
    description: 'Psychotherapy with an E/M visit, 30 minutes (16–37 min)',
    unitLabel: 'session',
    examplePriceCents: 8_000,
    effectiveFrom: '2013-01-01',
    source: AMA_CPT,
  }),
  code({
    code: '90836',
    kind: 'psychotherapy_addon',
    description: 'Psychotherapy with an E/M visit, 45 minutes (38–52 min)',
    unitLabel: 'session',
    examplePriceCents: 11_000,
    effectiveFrom: '2013-01-01',
    source: AMA_CPT,
  }),
  code({
    code: '90838',
    kind: 'psychotherapy_addon',
    description: 'Psychotherapy with an E/M visit, 60 minutes (53+ min)',
    unitLabel: 'session',
    examplePriceCents: 15_000,
    effectiveFrom: '2013-01-01',
    source: AMA_CPT,
  }),
  code({
    code: '96372',
    kind: 'procedure',
    description: 'Therapeutic injection, intramuscular or subcutaneous',
    unitLabel: 'injection',
    examplePriceCents: 4_000,
    maxUnits: 4,
    effectiveFrom: '2009-01-01',
    source: AMA_CPT,
  }),
  code({
    code: '96365',
    kind: 'procedure',
    description: 'IV infusion, therapeutic, first hour (16–90 min)',
    unitLabel: 'first hour',
    examplePriceCents: 20_000,
    effectiveFrom: '2009-01-01',
    source: AMA_CPT,
  }),
  code({
    code: '96366',
    kind: 'procedure',
    description: 'IV infusion, each additional hour (over 30 min past the hour)',
    unitLabel: 'additional hour',
    examplePriceCents: 6_000,
    maxUnits: 8,
    effectiveFrom: '2009-01-01',
    source: AMA_CPT,
  }),
  code({
    code: '96374',
    kind: 'procedure',
    description: 'IV push, single drug (15 min or less)',
    unitLabel: 'push',
    examplePriceCents: 8_000,
    effectiveFrom: '2009-01-01',
    source: AMA_CPT,
  }),
  code({
    code: 'J3490',
    kind: 'drug',
    description: 'Unclassified drug: ketamine (report NDC and quantity)',
    unitLabel: 'dose',
    examplePriceCents: 5_000,
    drug: true,
    effectiveFrom: '2000-01-01',
    source: CMS_HCPCS,
  }),
  code({
    code: 'G2082',
    kind: 'esketamine_visit',
    description: 'Esketamine visit with 2 h observation, up to 56 mg',
    unitLabel: 'visit',
    examplePriceCents: 60_000,
    effectiveFrom: '2020-01-01',
    source: CMS_ESKETAMINE,
  }),
  code({
    code: 'G2083',
    kind: 'esketamine_visit',
    description: 'Esketamine visit with 2 h observation, over 56 mg',
    unitLabel: 'visit',
    examplePriceCents: 85_000,
    effectiveFrom: '2020-01-01',
    source: CMS_ESKETAMINE,
  }),
  code({
    code: 'J0013',
    kind: 'drug',
    description: 'Esketamine, nasal spray, 1 mg (when the clinic supplies it)',
    unitLabel: '1 mg',
    examplePriceCents: 1_500,
    maxUnits: 112,
    drug: true,
    effectiveFrom: '2026-01-01',
    source: CMS_HCPCS,
  }),
  code({
    code: 'S0013',
    kind: 'drug',
    description: 'Esketamine, nasal spray, 1 mg (replaced by J0013 on 1 Jan 2026)',
    unitLabel: '1 mg',
    examplePriceCents: 1_500,
    maxUnits: 112,
    drug: true,
    effectiveFrom: '2019-07-01',
    effectiveTo: '2025-12-31',
    source: CMS_HCPCS,
  }),
];

const byCode = new Map(BILLING_CODES.map((c) => [c.code, c]));
export const billingCode = (c: string): BillingCode | undefined => byCode.get(c);

/** Two-character CPT/HCPCS modifiers Liminal proposes or accepts as typed (letters and digits). */
export const MODIFIER_PATTERN = /^[A-Z0-9]{2}$/;
/** A CPT (5 digits, or 4 digits + F/T/U) or HCPCS Level II code (letter + 4 digits). */
export const CODE_PATTERN = /^(\d{4}[0-9FTU]|[A-V]\d{4})$/;
/** ICD-10-CM: a letter, two characters, then optionally a dot and 1–4 more (F33.2, F43.10, Z91.19). */
export const ICD10_PATTERN = /^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

export const PLACES_OF_SERVICE = {
  '11': 'Office',
  '02': 'Telehealth, not in the patient’s home',
  '10': 'Telehealth in the patient’s home',
} as const;
export type PlaceOfService = keyof typeof PLACES_OF_SERVICE;
export const PLACE_OF_SERVICE_SOURCE = 'CMS Place of Service Code Set (POS 02 and 10 as revised 2022-01-01)';

/** Payment methods a clinic records. */
export const PAYMENT_METHODS = ['cash', 'card', 'check', 'bank_transfer', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Is the code valid on this date of service? */
export const codeValidOn = (c: BillingCode, date: string): boolean =>
  c.effectiveFrom <= date && (c.effectiveTo === null || date <= c.effectiveTo);
