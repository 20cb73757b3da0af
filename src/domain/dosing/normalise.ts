// Route-normalised dose (DOMAIN §2): store route, nominal mg, mg/kg and F × mg so that a patient's dose
// history can be compared across routes: 300 mg sublingual (F ≈ 0.3) puts about 90 mg into the
// circulation, whereas 0.5 mg/kg IV for a 70 kg adult puts in 35 mg.
//
// Bioavailability comes from the exposure module's route table: one source for F in the whole code base.

import { z } from 'zod';
import { type FieldIssue, ROUTES, type Route, routeBioavailability, toFieldIssues } from '../exposure';

/** Sanity ceilings that catch unit slips (µg typed as mg, g typed as mg), not clinical limits. */
export const MAX_ORDER_MG = 1500;
export const MAX_ORDER_MG_PER_KG = 10;

export const DoseInputSchema = z
  .object({
    route: z.enum(ROUTES),
    mg: z.number().positive('dose must be greater than 0 mg').max(MAX_ORDER_MG).optional(),
    mgPerKg: z.number().positive('dose must be greater than 0 mg/kg').max(MAX_ORDER_MG_PER_KG).optional(),
    weightKg: z.number().min(20, 'weight must be at least 20 kg').max(300, 'weight must be at most 300 kg'),
  })
  .superRefine((input, ctx) => {
    // Exactly one of the two: accepting both invites silent disagreement between them.
    if ((input.mg === undefined) === (input.mgPerKg === undefined)) {
      const message = 'give the dose either in mg or in mg/kg (exactly one)';
      ctx.addIssue({ code: 'custom', path: ['mg'], message });
      ctx.addIssue({ code: 'custom', path: ['mgPerKg'], message });
      return;
    }
    // The ceilings apply to the derived value too, so both spellings of a dose are judged alike.
    if (input.mg !== undefined && input.mg / input.weightKg > MAX_ORDER_MG_PER_KG) {
      ctx.addIssue({ code: 'custom', path: ['mg'], message: `more than ${MAX_ORDER_MG_PER_KG} mg/kg` });
    }
    // Judged on the microgram-rounded total, the amount that is ordered and recorded (so the 1,500 mg ceiling
    // written as mg/kg, rounded to 6 decimals, is not refused for a fraction of a microgram).
    if (input.mgPerKg !== undefined && roundMg(input.mgPerKg * input.weightKg) > MAX_ORDER_MG) {
      ctx.addIssue({ code: 'custom', path: ['mgPerKg'], message: `more than ${MAX_ORDER_MG} mg in total` });
    }
  });

export type DoseInput = z.input<typeof DoseInputSchema>;

export interface NormalisedDose {
  route: Route;
  weightKg: number;
  /** Nominal dose in mg, rounded to the microgram (the ledger's unit). */
  mg: number;
  mgPerKg: number;
  bioavailability: number;
  /** F × mg: the estimated amount reaching the systemic circulation, rounded to the microgram. */
  bioavailableMg: number;
}

export class DoseInputError extends Error {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super(`invalid dose: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'DoseInputError';
    this.issues = issues;
  }
}

/** Rounds to 3 decimals (micrograms) so that 0.5 mg/kg × 73.4 kg is 36.7 mg, not 36.699999999999996. */
export function roundMg(mg: number): number {
  return Math.round(mg * 1000) / 1000;
}

/** Rounds away binary noise only; mg/kg is compared against limits, so it keeps 6 decimals. */
function roundRatio(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function safeNormaliseDose(
  input: DoseInput,
): { ok: true; value: NormalisedDose } | { ok: false; issues: FieldIssue[] } {
  const parsed = DoseInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toFieldIssues(parsed.error) };
  const { route, weightKg } = parsed.data;
  const mg = roundMg(parsed.data.mg ?? (parsed.data.mgPerKg ?? 0) * weightKg);
  const mgPerKg = roundRatio(parsed.data.mgPerKg ?? mg / weightKg);
  const bioavailability = routeBioavailability(route);
  return {
    ok: true,
    value: { route, weightKg, mg, mgPerKg, bioavailability, bioavailableMg: roundMg(bioavailability * mg) },
  };
}

/** Throws `DoseInputError` (field-named issues) on invalid input. */
export function normaliseDose(input: DoseInput): NormalisedDose {
  const result = safeNormaliseDose(input);
  if (!result.ok) throw new DoseInputError(result.issues);
  return result.value;
}
