/**
 * Bridges the shared zod schemas (src/contracts) and @mantine/form: client-side validation with the same
 * rules the server applies, and the server's 422 field errors mapped back onto the inputs.
 */
import type { FormErrors } from '@mantine/form';
import type { z } from 'zod';
import { ApiError } from '../lib/api';

/** Plain-language messages for zod's built-in checks; messages written in a schema win over these. */
function friendly(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? 'This field is required'
          : `Use at least ${issue.minimum} characters`;
      return undefined;
    case 'too_big':
      if (issue.origin === 'string') return `Use at most ${issue.maximum} characters`;
      return undefined;
    case 'invalid_format':
      return issue.format === 'email' ? 'Enter a valid email address' : 'Check the format of this value';
    case 'invalid_value':
      return 'Choose one of the options';
    case 'invalid_type':
      return 'This field is required';
    default:
      return undefined;
  }
}

/** A `validate` function for useForm: the first issue per field, keyed by its dotted path. */
export function zodResolver<Values>(schema: z.ZodType) {
  return (values: Values): FormErrors => {
    const result = schema.safeParse(values, { error: friendly });
    if (result.success) return {};
    const errors: FormErrors = {};
    for (const issue of result.error.issues) {
      const key = issue.path.map(String).join('.');
      if (!(key in errors)) errors[key] = issue.message;
    }
    return errors;
  };
}

interface ErrorSettable {
  setErrors: (errors: FormErrors) => void;
  getValues: () => unknown;
}

/**
 * Puts a 422's field errors next to their fields. Returns the messages for fields the form does not have
 * (to show in an alert), or null when the error carried no field errors.
 */
export function applyServerErrors(form: ErrorSettable, err: unknown): string[] | null {
  if (!(err instanceof ApiError) || err.fieldErrors.length === 0) return null;
  const values = form.getValues() as Record<string, unknown>;
  const errors: FormErrors = {};
  const unplaced: string[] = [];
  for (const { field, message } of err.fieldErrors) {
    const key = field.replace(/^body\./, '');
    const root = key.split('.')[0] ?? key;
    if (root in values) errors[key] ??= message;
    else unplaced.push(field ? `${field}: ${message}` : message);
  }
  form.setErrors(errors);
  return unplaced;
}
