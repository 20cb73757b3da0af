/**
 * The ledger's forms hold what people type (mg, a witness block) while the API speaks µg with its own field
 * names. These helpers run the shared zod schema on the body a form would send and put its issues, and the
 * server's 422/409 field errors, back on the form's own fields.
 */
import type { FormErrors } from '@mantine/form';
import type { z } from 'zod';
import { applyServerErrors, zodResolver } from '../../components/form';
import { ApiError } from '../../lib/api';

/**
 * API field (or prefix) → form field: `{ quantityUg: 'quantityMg', 'wasteRest.witnesses': 'witnesses' }`, or
 * a function for names a prefix cannot express (`lines.3.observedUg` → `lines.3.counted`).
 */
export type FieldMap = Record<string, string> | ((field: string) => string);

export function renameField(field: string, map: FieldMap = {}): string {
  const f = field.replace(/^body\./, '');
  if (typeof map === 'function') return map(f);
  let best = '';
  for (const k of Object.keys(map)) {
    if ((f === k || f.startsWith(`${k}.`)) && k.length > best.length) best = k;
  }
  return best ? `${map[best]}${f.slice(best.length)}` : f;
}

interface ErrorSettable {
  setErrors: (errors: FormErrors) => void;
  getValues: () => unknown;
}

/**
 * Puts the server's field errors next to the form's fields, renamed. Returns messages for fields the form
 * does not have (to show in an alert), or null when the error named no field.
 */
export function applyLedgerErrors(form: ErrorSettable, err: unknown, map: FieldMap = {}): string[] | null {
  if (!(err instanceof ApiError) || err.fieldErrors.length === 0) return null;
  const renamed = new ApiError({
    status: err.status,
    code: err.code,
    title: err.title,
    ...(err.detail ? { detail: err.detail } : {}),
    errors: err.fieldErrors.map((e) => ({ field: renameField(e.field, map), message: e.message })),
  });
  return applyServerErrors(form, renamed);
}

/**
 * A `validate` function: the shared schema run on the body the form would send, its issues renamed onto
 * the form's fields; `extra` checks (mg fields, choices) win over the schema's wording.
 */
export function schemaCheck<V>(
  schema: z.ZodType,
  toBody: (v: V) => unknown,
  map: FieldMap = {},
  extra?: (v: V) => Record<string, string | null | undefined>,
) {
  const check = zodResolver(schema);
  return (v: V): FormErrors => {
    const out: FormErrors = {};
    for (const [k, m] of Object.entries(extra?.(v) ?? {})) if (m) out[k] = m;
    for (const [k, m] of Object.entries(check(toBody(v)))) {
      const key = renameField(k, map);
      // A field already flagged keeps its first, plainer message.
      if (!(key in out) && !Object.keys(out).some((o) => key.startsWith(`${o}.`))) out[key] = m;
    }
    return out;
  };
}

/** Empty text → undefined, so optional fields are left out of the body. */
export const opt = (s: string): string | undefined => (s.trim() ? s.trim() : undefined);
