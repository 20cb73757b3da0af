// Quantities in the controlled-substance ledger are INTEGER MICROGRAMS (µg).
//
// Why integers: a ledger is a running sum over years of events, and DEA records must balance exactly.
// Floating-point milligrams drift (0.1 + 0.2 ≠ 0.3), which would surface as phantom count discrepancies.
// Why micrograms rather than a "milli-mg" name: it is the same number (1 mg = 1000 µg, i.e. mg to three
// decimals, enough for 0.125 mL of a 100 mg/mL solution = 12.5 mg = 12 500 µg) but a unit every nurse and
// pharmacist already knows, and it maps onto a plain BIGINT/INTEGER column. Integers stay exact up to
// 2^53 µg (about 9 000 kg), far beyond any clinic's stock.
//
// Liquids are also shown in mL (DOMAIN §6: e.g. 500 mg/10 mL vials). mL is derived from the container's
// concentration, stored as integer µg per mL (50 mg/mL = 50 000 µg/mL), so the mg figure stays the source
// of truth and mL can never disagree with it.

export type Micrograms = number;

export const UG_PER_MG = 1000;

export function isMicrograms(value: unknown): value is Micrograms {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** mg (up to 3 decimals) → integer µg. Rounds to the nearest µg to absorb input like 12.499999999. */
export function mgToUg(mg: number): Micrograms {
  if (!Number.isFinite(mg)) throw new RangeError(`not a finite mg quantity: ${mg}`);
  return Math.round(mg * UG_PER_MG);
}

export function ugToMg(ug: Micrograms): number {
  return ug / UG_PER_MG;
}

/** Concentration from a label such as "500 mg / 10 mL" → µg per mL (integer). */
export function concentrationUgPerMl(mg: number, ml: number): number {
  if (!(mg > 0) || !(ml > 0)) throw new RangeError('concentration needs positive mg and mL');
  return Math.round((mg * UG_PER_MG) / ml);
}

/** mL drawn up (as measured on a syringe) → integer µg, for recording waste or administration of a liquid. */
export function mlToUg(ml: number, concentrationUgPerMlValue: number): Micrograms {
  if (!Number.isFinite(ml) || !(concentrationUgPerMlValue > 0))
    throw new RangeError('invalid mL or concentration');
  return Math.round(ml * concentrationUgPerMlValue);
}

/** µg → mL for display, rounded to 0.001 mL (finer than any syringe reads). */
export function ugToMl(ug: Micrograms, concentrationUgPerMlValue: number): number {
  if (!(concentrationUgPerMlValue > 0)) throw new RangeError('concentration must be positive');
  return Math.round((ug / concentrationUgPerMlValue) * 1000) / 1000;
}

/** "12.5 mg" / "12.5 mg (0.25 mL)" for records and printouts. */
export function formatQuantity(ug: Micrograms, concentrationUgPerMlValue?: number): string {
  const mg = `${ugToMg(ug)} mg`;
  return concentrationUgPerMlValue ? `${mg} (${ugToMl(ug, concentrationUgPerMlValue)} mL)` : mg;
}
