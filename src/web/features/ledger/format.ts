/**
 * Quantities and dates for the controlled-substance screens. The API counts integer micrograms; people read
 * and type milligrams (and see millilitres for liquids, derived from the product's strength).
 */
import { daysBetween } from '../../../domain/ledger/calendar';
import { UG_PER_MG } from '../../../domain/ledger/quantity';

const mgNumber = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });
const mlNumber = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

/** "1,250 mg", exact to the microgram. */
export const mg = (ug: number): string => `${mgNumber.format(ug / UG_PER_MG)} mg`;

/** "+25 mg" / "−25 mg" for changes and differences. */
export const signedMg = (ug: number): string => `${ug > 0 ? '+' : ug < 0 ? '−' : ''}${mg(Math.abs(ug))}`;

/** "0.5 mL" for a quantity of a liquid of this strength (µg per mL), or null for solids. */
export function ml(ug: number, strengthUgPerMl: number | null | undefined): string | null {
  if (!strengthUgPerMl) return null;
  return `${mlNumber.format(Math.round((ug / strengthUgPerMl) * 1000) / 1000)} mL`;
}

/** "25 mg (0.5 mL)" for liquids, "25 mg" otherwise. */
export function qty(ug: number, strengthUgPerMl?: number | null): string {
  const volume = ml(Math.abs(ug), strengthUgPerMl);
  return volume ? `${mg(ug)} (${volume})` : mg(ug);
}

/** What someone typed in mg → whole µg; undefined when it is not a number (empty, letters, NaN). */
export function parseMg(text: string): number | undefined {
  const t = text.trim().replace(/\s/g, '');
  if (!/^\d*(\.\d{0,3})?$/.test(t) || t === '' || t === '.') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? Math.round(n * UG_PER_MG) : undefined;
}

/** µg → the mg text a form field starts with ("25", "12.5"). */
export const mgText = (ug: number): string => String(ug / UG_PER_MG);

/** Checks a mg field: a message for the form, or null when it holds a positive quantity. */
export function mgError(
  text: string,
  { allowZero = false, max }: { allowZero?: boolean; max?: number } = {},
) {
  const ug = parseMg(text);
  if (ug === undefined) return 'Enter the quantity in mg (up to 3 decimals)';
  if (ug === 0 && !allowZero) return 'Enter a quantity above 0 mg';
  if (max !== undefined && ug > max) return `At most ${mg(max)} is left in this container`;
  return null;
}

// The shared date formatters (one implementation for every staff screen).
export { formatDate, formatDateTime } from '../../lib/format';

/** The browser's date, for when the clinic's date is not known yet. */
export function localToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Days from `today` to `date` (negative when past). */
export const daysUntil = (date: string, today: string): number => daysBetween(today, date);

/** Lots expiring within this many days are marked (the worklist uses the same window). */
export const EXPIRY_WARNING_DAYS = 60;

// The movement words, shared with the printed and exported records.
export { EVENT_LABELS, eventLabel } from '../../../domain/ledger/events';

export const FORM_LABELS: Record<string, string> = {
  solution: 'Solution',
  troche: 'Troche',
  rdt: 'Rapid-dissolve tablet',
};
