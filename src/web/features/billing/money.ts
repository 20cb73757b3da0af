import { formatCents, PLACES_OF_SERVICE } from '../../../domain/billing';

export { formatCents };

/** Dollars typed in a form → integer cents (undefined when empty). */
export const toCents = (dollars: number | string | undefined): number | undefined =>
  dollars === '' || dollars === undefined || Number.isNaN(Number(dollars))
    ? undefined
    : Math.round(Number(dollars) * 100);

export const placeName = (pos: string) =>
  `${PLACES_OF_SERVICE[pos as keyof typeof PLACES_OF_SERVICE] ?? 'Other'} (${pos})`;

export const METHOD_LABELS: Record<string, string> = {
  cash: 'Cash',
  card: 'Card',
  check: 'Check',
  bank_transfer: 'Bank transfer',
  other: 'Other',
};

/** Server field errors of a refused request, keyed for a form whose fields have other names. */
export function fieldErrors(err: unknown, map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const list = (err as { fieldErrors?: { field: string; message: string }[] })?.fieldErrors ?? [];
  for (const f of list) {
    const name =
      f.field
        .replace(/^body\./, '')
        .split('.')
        .at(-1) ?? f.field;
    const key = map[name] ?? name;
    out[key] ??= f.message;
  }
  return out;
}
