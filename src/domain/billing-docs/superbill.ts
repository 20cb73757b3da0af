import type { PlaceOfService } from './identifiers';

/**
 * The superbill (issue #22, DOMAIN §9): what a patient sends their insurer to claim out-of-network reimbursement.
 * It carries the practice (name, address, phone, tax id, NPI), the rendering clinician and NPI, the patient and
 * the insured (insurer and member id where known), and per visit the date and place of service, the CPT/HCPCS
 * codes with modifiers, units and fees, the ICD-10 codes with pointers, and what was paid, with a signature line.
 * These are the CMS-1500 (02/12) items an insurer reads (boxes 21 and 24A–24J, 25, 31–33).
 *
 * Out-of-network superbills should list few codes: the visit's main services, not every item (reimbursement
 * services advise it, since a claim with drug and supply lines an out-of-network plan does not cover is more
 * often queried). The clinic chooses per visit type: 'all' lines, or only the 'main' ones. Main = every line
 * that is not a HCPCS Level II drug or supply item (codes starting J drugs, A supplies, S temporary national
 * codes, T state codes: CMS, HCPCS Level II code set). If a visit would be left with no line, it keeps them all.
 *
 * Only final charge lines belong here (the server passes no other); a reversal line (negative units or amount)
 * is netted with the line it reverses by the caller. Money is in cents.
 */
export type SuperbillDetail = 'all' | 'main';

export interface SuperbillParty {
  name: string;
  addressLines: string[];
  phone: string | null;
}

export interface SuperbillCharge {
  code: string;
  modifiers: string[];
  description: string;
  units: number;
  amountCents: number;
  /** The ICD-10 codes this line is for, in the visit's order (first = primary). */
  diagnosisCodes: string[];
}

export interface SuperbillVisit {
  date: string; // YYYY-MM-DD, the clinic's local date of service
  placeOfService: PlaceOfService;
  visitType: string;
  detail: SuperbillDetail;
  clinician: { name: string; npi: string | null; credentials: string | null };
  charges: SuperbillCharge[];
}

export interface SuperbillInput {
  practice: SuperbillParty & { taxId: string | null; npi: string | null; taxonomy: string | null };
  patient: { name: string; dateOfBirth: string | null; addressLines: string[]; phone: string | null };
  coverage: {
    insurer: string | null;
    memberId: string | null;
    groupNumber: string | null;
    insuredName: string | null;
    relationship: string | null;
  } | null;
  diagnoses: { code: string; description: string }[];
  visits: SuperbillVisit[];
  paidCents: number;
  period: { from: string; to: string };
  issuedOn: string;
}

export interface SuperbillLine {
  date: string;
  placeOfService: PlaceOfService;
  code: string;
  modifiers: string[];
  description: string;
  units: number;
  amountCents: number;
  /** Letters A–L into the superbill's diagnosis list (CMS-1500 box 24E). */
  pointers: string[];
  clinician: string;
}

export interface Superbill {
  input: SuperbillInput;
  diagnoses: { letter: string; code: string; description: string }[];
  lines: SuperbillLine[];
  /** The lines shown, added up. */
  listedCents: number;
  /** Every final charge of the visits (more than listed when items are left out). */
  totalCents: number;
  paidCents: number;
  balanceCents: number;
  clinicians: { name: string; npi: string | null; credentials: string | null }[];
}

/** CMS-1500 box 21 holds twelve diagnoses, lettered A–L; an 837P HI segment holds twelve as well. */
export const MAX_DIAGNOSES = 12;
const LETTERS = 'ABCDEFGHIJKL';

const ITEM_CODE = /^[JAST]\d{4}$/;
export const isItemCode = (code: string): boolean => ITEM_CODE.test(code.toUpperCase());

export function linesToShow(charges: SuperbillCharge[], detail: SuperbillDetail): SuperbillCharge[] {
  if (detail === 'all') return charges;
  const main = charges.filter((c) => !isItemCode(c.code));
  return main.length > 0 ? main : charges;
}

export function buildSuperbill(input: SuperbillInput): Superbill {
  const diagnoses: Superbill['diagnoses'] = [];
  const letterOf = new Map<string, string>();
  const known = new Map(input.diagnoses.map((d) => [d.code, d.description]));
  const lines: SuperbillLine[] = [];
  const visits = [...input.visits].sort((a, b) => a.date.localeCompare(b.date));
  for (const v of visits) {
    for (const c of linesToShow(v.charges, v.detail)) {
      const pointers: string[] = [];
      for (const code of c.diagnosisCodes) {
        let letter = letterOf.get(code);
        if (!letter && diagnoses.length < MAX_DIAGNOSES) {
          letter = LETTERS[diagnoses.length] as string;
          letterOf.set(code, letter);
          diagnoses.push({ letter, code, description: known.get(code) ?? '' });
        }
        if (letter && pointers.length < 4 && !pointers.includes(letter)) pointers.push(letter);
      }
      lines.push({
        date: v.date,
        placeOfService: v.placeOfService,
        code: c.code,
        modifiers: c.modifiers,
        description: c.description,
        units: c.units,
        amountCents: c.amountCents,
        pointers,
        clinician: v.clinician.name,
      });
    }
  }
  // The balance is over every final charge of the visits (the patient owes for items left off the page too); the
  // page shows both figures when they differ.
  const totalCents = visits.reduce((s, v) => s + v.charges.reduce((t, c) => t + c.amountCents, 0), 0);
  const clinicians = new Map<string, SuperbillVisit['clinician']>();
  for (const v of visits) clinicians.set(`${v.clinician.name}|${v.clinician.npi ?? ''}`, v.clinician);
  return {
    input,
    diagnoses,
    lines,
    listedCents: lines.reduce((s, l) => s + l.amountCents, 0),
    totalCents,
    paidCents: input.paidCents,
    balanceCents: totalCents - input.paidCents,
    clinicians: [...clinicians.values()],
  };
}

export const formatUsd = (cents: number): string =>
  `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
