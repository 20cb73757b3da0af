import { billingCode, CODE_PATTERN, ICD10_PATTERN, MODIFIER_PATTERN, PLACES_OF_SERVICE } from './codes';

/**
 * Checks of a charge line and a payment before they are stored (issue #22 "Bad input"): each problem names the
 * field to fix, in the API's own field names, so the screen can point at it.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface LineInput {
  code: string;
  modifiers: string[];
  units: number;
  unitPriceCents: number;
  diagnosisCodes: string[];
  diagnosisPointers: number[];
  placeOfService: string;
  ndc?: string | null;
}

/** The biggest line a person may enter (units of a code Liminal has no limit for). */
export const MAX_UNITS = 999;
export const MAX_PRICE_CENTS = 10_000_000; // $100,000: a typo guard, not a policy

/**
 * `knownCodes`: the codes the clinic's fee schedule holds on the date of service; a code outside it is unknown.
 * `forFinal`: finalising also needs at least one diagnosis pointer (a claim line must point at a diagnosis).
 */
export function checkLine(l: LineInput, knownCodes: ReadonlySet<string>, forFinal = false): FieldProblem[] {
  const out: FieldProblem[] = [];
  const code = l.code.trim().toUpperCase();
  if (!CODE_PATTERN.test(code))
    out.push({ field: 'code', message: 'Enter a CPT or HCPCS code, like 99213 or J3490' });
  else if (!knownCodes.has(code))
    out.push({ field: 'code', message: `${code} is not in the clinic's fee schedule for this date` });
  if (l.modifiers.length > 4) out.push({ field: 'modifiers', message: 'A line carries at most 4 modifiers' });
  const bad = l.modifiers.find((m) => !MODIFIER_PATTERN.test(m));
  if (bad !== undefined)
    out.push({ field: 'modifiers', message: `“${bad}” is not a two-character modifier` });
  const max = billingCode(code)?.maxUnits ?? MAX_UNITS;
  if (!Number.isInteger(l.units) || l.units < 1 || l.units > max)
    out.push({ field: 'units', message: `Units must be a whole number from 1 to ${max} for ${code}` });
  if (!Number.isInteger(l.unitPriceCents) || l.unitPriceCents < 0)
    out.push({ field: 'unitPriceCents', message: 'The price cannot be negative' });
  else if (l.unitPriceCents > MAX_PRICE_CENTS)
    out.push({
      field: 'unitPriceCents',
      message: 'The price is larger than any fee this clinic would charge',
    });
  if (l.diagnosisCodes.length > 12)
    out.push({ field: 'diagnosisCodes', message: 'A claim carries at most 12 diagnoses' });
  const badDx = l.diagnosisCodes.find((d) => !ICD10_PATTERN.test(d));
  if (badDx !== undefined)
    out.push({ field: 'diagnosisCodes', message: `“${badDx}” is not an ICD-10-CM code (like F33.2)` });
  if (l.diagnosisPointers.length > 4)
    out.push({ field: 'diagnosisPointers', message: 'A line points at most at 4 diagnoses' });
  const dangling = l.diagnosisPointers.find(
    (p) => !Number.isInteger(p) || p < 1 || p > l.diagnosisCodes.length,
  );
  if (dangling !== undefined)
    out.push({
      field: 'diagnosisPointers',
      message: `Pointer ${dangling} points at no diagnosis of this visit`,
    });
  else if (new Set(l.diagnosisPointers).size !== l.diagnosisPointers.length)
    out.push({ field: 'diagnosisPointers', message: 'Each diagnosis is pointed at once' });
  else if (forFinal && l.diagnosisPointers.length === 0)
    out.push({
      field: 'diagnosisPointers',
      message: 'Point the line at the diagnosis it treats before finalising',
    });
  if (!(l.placeOfService in PLACES_OF_SERVICE))
    out.push({ field: 'placeOfService', message: 'Choose office (11) or telehealth (02 or 10)' });
  if (l.ndc !== undefined && l.ndc !== null && l.ndc !== '' && !/^\d{11}$/.test(l.ndc))
    out.push({ field: 'ndc', message: 'An NDC has 11 digits (5-4-2, without dashes)' });
  return out;
}

/** A payment may not take the balance below zero: `balanceCents` is what is owed before it. */
export function checkPayment(amountCents: number, balanceCents: number): FieldProblem[] {
  if (!Number.isInteger(amountCents) || amountCents <= 0)
    return [{ field: 'amountCents', message: 'Enter an amount above zero' }];
  if (amountCents > balanceCents)
    return [
      {
        field: 'amountCents',
        message: `The amount is more than the balance of ${formatCents(Math.max(0, balanceCents))}`,
      },
    ];
  return [];
}

/** $1,234.50 from 123450 (US dollars: the codes and claims are US). */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '−' : '';
  const abs = Math.abs(Math.round(cents));
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}
