// Per-route dose limits as data, and the check that runs them against a dose order.
//
// DOMAIN §3's rule: clinical numbers are defaults the medical director can change, each shown with its
// source, and defaults that are clinic policy rather than published say so. So every limit below is a
// record (id, route, kind, value, level, source, clinicPolicy) that settings can store and edit, and the
// findings name the limit and repeat its source. "error" means the order must not go ahead without a
// prescriber override; "warning" means it needs acknowledging.

import { z } from 'zod';
import { ROUTES } from '../exposure';
import { type DoseInput, DoseInputError, type NormalisedDose, normaliseDose } from './normalise';

const base = {
  id: z.string().min(1),
  route: z.enum(ROUTES),
  level: z.enum(['error', 'warning']),
  label: z.string().min(1),
  source: z.string().min(1),
  /** True when the number is this clinic's policy rather than a label or published figure. */
  clinicPolicy: z.boolean(),
  note: z.string().optional(),
};

export const DoseLimitSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('minMgPerKg'), value: z.number().positive() }),
  z.object({ ...base, kind: z.literal('maxMgPerKg'), value: z.number().positive() }),
  z.object({ ...base, kind: z.literal('minMg'), value: z.number().positive() }),
  z.object({ ...base, kind: z.literal('maxMg'), value: z.number().positive() }),
  z.object({ ...base, kind: z.literal('allowedMg'), values: z.array(z.number().positive()).min(1) }),
  z.object({ ...base, kind: z.literal('minInfusionMinutes'), value: z.number().positive() }),
  z.object({ ...base, kind: z.literal('firstDoseMg'), value: z.number().positive() }),
]);
export type DoseLimit = z.infer<typeof DoseLimitSchema>;
export const DoseLimitsSchema = z.array(DoseLimitSchema);

const ANDRADE = 'Andrade 2017, J Clin Psychiatry 78:e852';
const SPRAVATO = 'Spravato (esketamine) US prescribing information, dosage and administration';

export const DEFAULT_DOSE_LIMITS: readonly DoseLimit[] = [
  {
    id: 'iv-min',
    route: 'iv',
    kind: 'minMgPerKg',
    value: 0.1,
    level: 'warning',
    label: 'IV lowest studied dose',
    source: ANDRADE,
    clinicPolicy: false,
  },
  {
    id: 'iv-max',
    route: 'iv',
    kind: 'maxMgPerKg',
    value: 1.0,
    level: 'error',
    label: 'IV maximum dose',
    source: ANDRADE,
    clinicPolicy: false,
    note: 'Top of the range studied for depression; the usual dose is 0.5 mg/kg.',
  },
  {
    id: 'iv-infusion-time',
    route: 'iv',
    kind: 'minInfusionMinutes',
    value: 40,
    level: 'warning',
    label: 'IV minimum infusion time',
    source: ANDRADE,
    clinicPolicy: true,
    note: 'The standard protocol infuses over 40 min; a shorter infusion is a clinic decision.',
  },
  {
    id: 'im-typical-min',
    route: 'im',
    kind: 'minMgPerKg',
    value: 0.5,
    level: 'warning',
    label: 'IM typical range (low end)',
    source: ANDRADE,
    clinicPolicy: false,
  },
  {
    id: 'im-typical-max',
    route: 'im',
    kind: 'maxMgPerKg',
    value: 1.0,
    level: 'warning',
    label: 'IM typical range (high end)',
    source: ANDRADE,
    clinicPolicy: false,
  },
  {
    id: 'im-hard-max',
    route: 'im',
    kind: 'maxMgPerKg',
    value: 1.5,
    level: 'error',
    label: 'IM hard maximum',
    source: 'Clinic policy (default shipped with Liminal)',
    clinicPolicy: true,
    note: 'Not a published limit: a ceiling above the typical KAP range to catch slips.',
  },
  {
    id: 'sublingual-min',
    route: 'sublingual',
    kind: 'minMg',
    value: 10,
    level: 'warning',
    label: 'Sublingual lowest programme dose',
    source: `${ANDRADE} (sublingual troche / RDT; low-dose programmes use 10–120 mg)`,
    clinicPolicy: false,
  },
  {
    id: 'sublingual-max',
    route: 'sublingual',
    kind: 'maxMg',
    value: 450,
    level: 'error',
    label: 'Sublingual maximum dose',
    source: `${ANDRADE} (sublingual troche / RDT 100–450 mg)`,
    clinicPolicy: false,
  },
  {
    id: 'oral-min',
    route: 'oral',
    kind: 'minMgPerKg',
    value: 0.25,
    level: 'warning',
    label: 'Oral lowest studied dose',
    source: ANDRADE,
    clinicPolicy: false,
  },
  {
    id: 'oral-max',
    route: 'oral',
    kind: 'maxMgPerKg',
    value: 7,
    level: 'error',
    label: 'Oral maximum studied dose',
    source: ANDRADE,
    clinicPolicy: false,
  },
  {
    id: 'esketamine-allowed',
    route: 'intranasal',
    kind: 'allowedMg',
    values: [56, 84],
    level: 'error',
    label: 'Esketamine labelled doses',
    source: `${SPRAVATO} (56 or 84 mg; 28 mg per device)`,
    clinicPolicy: false,
  },
  {
    id: 'esketamine-day-1',
    route: 'intranasal',
    kind: 'firstDoseMg',
    value: 56,
    level: 'warning',
    label: 'Esketamine first dose',
    source: `${SPRAVATO} (treatment-resistant depression: day 1 is 56 mg)`,
    clinicPolicy: false,
    note: 'For depressive symptoms with acute suicidal ideation the label starts at 84 mg.',
  },
];

export interface DoseOrder extends DoseInput {
  /** IV only: minutes over which the dose is infused; absent means a bolus. */
  infusionMinutes?: number;
  /** Intranasal only: true for the patient's first esketamine session. */
  firstEsketamineDose?: boolean;
}

export interface DoseFinding {
  limitId: string;
  level: 'error' | 'warning';
  label: string;
  message: string;
  source: string;
  clinicPolicy: boolean;
  note?: string;
}

export interface DoseCheck {
  /** True when no error-level limit is broken (warnings still need acknowledging). */
  ok: boolean;
  dose: NormalisedDose;
  errors: DoseFinding[];
  warnings: DoseFinding[];
}

const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

/** Returns why a limit is broken, or null when the order respects it. */
function violation(limit: DoseLimit, dose: NormalisedDose, order: DoseOrder): string | null {
  switch (limit.kind) {
    case 'minMgPerKg':
      return dose.mgPerKg < limit.value
        ? `${fmt(dose.mgPerKg)} mg/kg is below ${fmt(limit.value)} mg/kg`
        : null;
    case 'maxMgPerKg':
      return dose.mgPerKg > limit.value
        ? `${fmt(dose.mgPerKg)} mg/kg is above ${fmt(limit.value)} mg/kg`
        : null;
    case 'minMg':
      return dose.mg < limit.value ? `${fmt(dose.mg)} mg is below ${fmt(limit.value)} mg` : null;
    case 'maxMg':
      return dose.mg > limit.value ? `${fmt(dose.mg)} mg is above ${fmt(limit.value)} mg` : null;
    case 'allowedMg':
      return limit.values.includes(dose.mg)
        ? null
        : `${fmt(dose.mg)} mg is not one of ${limit.values.join(' or ')} mg`;
    case 'minInfusionMinutes':
      if (order.infusionMinutes === undefined)
        return `no infusion time given (a bolus); minimum is ${limit.value} min`;
      return order.infusionMinutes < limit.value
        ? `infusion over ${fmt(order.infusionMinutes)} min is shorter than ${limit.value} min`
        : null;
    case 'firstDoseMg':
      return order.firstEsketamineDose && dose.mg !== limit.value
        ? `first dose ${fmt(dose.mg)} mg differs from ${fmt(limit.value)} mg`
        : null;
  }
}

/**
 * Runs every limit for the order's route. Invalid input (no dose, weight out of range, an infusion time
 * on a non-IV route) throws `DoseInputError`, since there is nothing meaningful to check.
 */
export function checkDoseOrder(
  order: DoseOrder,
  limits: readonly DoseLimit[] = DEFAULT_DOSE_LIMITS,
): DoseCheck {
  if (order.infusionMinutes !== undefined && (order.route !== 'iv' || !(order.infusionMinutes > 0))) {
    const message =
      order.route === 'iv' ? 'infusion time must be positive' : 'infusion time applies to IV only';
    throw new DoseInputError([{ field: 'infusionMinutes', message }]);
  }
  const dose = normaliseDose({
    route: order.route,
    mg: order.mg,
    mgPerKg: order.mgPerKg,
    weightKg: order.weightKg,
  });
  const errors: DoseFinding[] = [];
  const warnings: DoseFinding[] = [];
  for (const limit of limits) {
    if (limit.route !== dose.route) continue;
    const why = violation(limit, dose, order);
    if (why === null) continue;
    const finding: DoseFinding = {
      limitId: limit.id,
      level: limit.level,
      label: limit.label,
      message: `${limit.label}: ${why} (${limit.clinicPolicy ? 'clinic policy' : 'source'}: ${limit.source})`,
      source: limit.source,
      clinicPolicy: limit.clinicPolicy,
      ...(limit.note === undefined ? {} : { note: limit.note }),
    };
    (limit.level === 'error' ? errors : warnings).push(finding);
  }
  return { ok: errors.length === 0, dose, errors, warnings };
}
