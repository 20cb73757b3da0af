/**
 * CSV of charges for the clinic's accounting (issue #22), as RFC 4180 describes it: CRLF line ends, a field in
 * double quotes when it holds a comma, a quote, a line break or leading/trailing space, with inner quotes doubled.
 * A field starting with = + - @ (or a tab or carriage return) is written with a leading apostrophe, so that a
 * spreadsheet opening the file does not run it as a formula (OWASP, "CSV Injection"); a plain number such as -12.50 stays a number.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export interface ChargeCsvRow {
  dateOfService: string;
  patient: string;
  visitType: string;
  clinician: string;
  code: string;
  modifiers: string[];
  description: string;
  units: number;
  amountCents: number;
  diagnoses: string[];
  status: string;
  finalisedOn: string | null;
}

export const CHARGE_CSV_HEADER = [
  'Date of service',
  'Patient',
  'Visit type',
  'Clinician',
  'Code',
  'Modifiers',
  'Description',
  'Units',
  'Amount (USD)',
  'Diagnoses',
  'Status',
  'Finalised on',
];

export function chargesCsv(rows: ChargeCsvRow[]): string {
  return toCsv(
    CHARGE_CSV_HEADER,
    rows.map((r) => [
      r.dateOfService,
      r.patient,
      r.visitType,
      r.clinician,
      r.code,
      r.modifiers.join(' '),
      r.description,
      r.units,
      (r.amountCents / 100).toFixed(2),
      r.diagnoses.join(' '),
      r.status,
      r.finalisedOn,
    ]),
  );
}
