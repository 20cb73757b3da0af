/**
 * Identifiers a claim or superbill carries, checked before they are saved (issue #22).
 *
 * - NPI: ten digits, the last a Luhn check digit computed over the first nine with the card-issuer prefix 80840
 *   in front (CMS, "Requirements for National Provider Identifier (NPI) and National Provider System (NPS)
 *   Check Digit", https://www.cms.gov/Regulations-and-Guidance/Administrative-Simplification/NationalProvIdentStand/Downloads/NPIcheckdigit.pdf;
 *   its worked example: 123456789 → check digit 3 → NPI 1234567893). The prefix adds a constant 24 to the sum.
 * - EIN: nine digits written NN-NNNNNNN, whose first two digits are a prefix the IRS assigns (IRS, "How EINs are
 *   assigned and valid EIN prefixes", https://www.irs.gov/businesses/small-businesses-self-employed/how-eins-are-assigned-and-valid-ein-prefixes).
 * - Taxonomy: a ten-character code of the NUCC Health Care Provider Taxonomy code set, ending in X
 *   (https://taxonomy.nucc.org), e.g. 2084P0800X psychiatry, 363LP0808X psychiatric/mental health nurse practitioner.
 */

/** The Luhn check digit for the nine leading NPI digits, with the 80840 prefix (CMS). */
export function npiCheckDigit(nineDigits: string): number {
  if (!/^\d{9}$/.test(nineDigits)) throw new Error('npiCheckDigit needs nine digits');
  let sum = 24; // the prefix 80840, doubled the Luhn way: 8+0+(8*2→1+6)+4+0 = 24
  // From the rightmost of the nine digits, every other digit is doubled (the check digit will sit to its right).
  for (let i = 0; i < 9; i++) {
    let d = Number(nineDigits[8 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidNpi(npi: string): boolean {
  return /^\d{10}$/.test(npi) && npiCheckDigit(npi.slice(0, 9)) === Number(npi[9]);
}

/** EIN prefixes the IRS does not assign (its list of valid prefixes leaves these out). */
const EIN_UNASSIGNED_PREFIXES = new Set([
  '00',
  '07',
  '08',
  '09',
  '17',
  '18',
  '19',
  '28',
  '29',
  '49',
  '69',
  '70',
  '78',
  '79',
  '89',
  '96',
  '97',
]);

/** The nine digits of an EIN typed as 12-3456789 or 123456789, or null when it is not one. */
export function normaliseEin(input: string): string | null {
  const s = input.trim();
  if (!/^\d{2}-?\d{7}$/.test(s)) return null;
  const digits = s.replace('-', '');
  return EIN_UNASSIGNED_PREFIXES.has(digits.slice(0, 2)) ? null : digits;
}

export const formatEin = (ein: string): string => {
  const d = ein.replace(/\D/g, '');
  return `${d.slice(0, 2)}-${d.slice(2)}`;
};

export const isValidTaxonomy = (code: string): boolean => /^[0-9]{3}[0-9A-Z]{6}X$/.test(code);

/** US ZIP code: five digits or ZIP+4 (the 837P wants nine where known; five are accepted here). */
export const isValidZip = (zip: string): boolean => /^\d{5}(-?\d{4})?$/.test(zip.trim());

/** Place-of-service codes a KAP visit uses (CMS Place of Service Code Set): office, and telehealth. */
export const PLACES_OF_SERVICE = {
  '11': 'Office',
  '02': 'Telehealth provided other than in patient’s home',
  '10': 'Telehealth provided in patient’s home',
} as const;
export type PlaceOfService = keyof typeof PLACES_OF_SERVICE;
