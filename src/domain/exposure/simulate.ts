// simulateExposure: the expected plasma concentration curve shown next to a dosing session.
//
// This is an EDUCATIONAL ESTIMATE from population-average parameters (DOMAIN §2 requires it to be labelled
// as such). It must never be used to choose or adjust a dose; the `caveat` string is meant to be shown
// wherever the curve is.

import { z } from 'zod';
import { simulateAmounts } from './model';
import {
  KAMP_2020_SOURCE,
  PK_MODEL_IDS,
  PK_MODELS,
  type PkModelId,
  ROUTE_PARAMETERS,
  ROUTES,
  type Route,
} from './parameters';

/**
 * Upper bound on a single modelled dose. The largest doses in DOMAIN §2 are oral (up to 7 mg/kg) and
 * sublingual (up to 450 mg); 1500 mg covers 7 mg/kg up to ~215 kg while catching unit slips (µg typed as mg).
 */
export const MAX_EXPOSURE_DOSE_MG = 1500;
/** Longest IV infusion the estimate accepts (minutes); KAP infusions are ~40 min, anaesthesia ones longer. */
export const MAX_INFUSION_MINUTES = 240;
const MAX_POINTS = 20_000;

export const ExposureInputSchema = z
  .object({
    route: z.enum(ROUTES),
    doseMg: z
      .number()
      .positive('dose must be greater than 0 mg')
      .max(MAX_EXPOSURE_DOSE_MG, `dose must be at most ${MAX_EXPOSURE_DOSE_MG} mg`),
    weightKg: z.number().min(20, 'weight must be at least 20 kg').max(300, 'weight must be at most 300 kg'),
    infusionMinutes: z.number().positive().max(MAX_INFUSION_MINUTES).optional(),
    model: z.enum(PK_MODEL_IDS),
    durationMin: z
      .number()
      .positive()
      .max(24 * 60)
      .default(240),
    stepMin: z.number().min(0.1).max(60).default(1),
  })
  .superRefine((input, ctx) => {
    if (input.infusionMinutes !== undefined && input.route !== 'iv') {
      ctx.addIssue({
        code: 'custom',
        path: ['infusionMinutes'],
        message: 'infusion minutes apply to the IV route only',
      });
    }
    if (input.stepMin > input.durationMin) {
      ctx.addIssue({ code: 'custom', path: ['stepMin'], message: 'step must not exceed the duration' });
    } else if (input.durationMin / input.stepMin > MAX_POINTS) {
      ctx.addIssue({ code: 'custom', path: ['stepMin'], message: `at most ${MAX_POINTS} points per curve` });
    }
  });

export type ExposureInput = z.input<typeof ExposureInputSchema>;
export type ValidExposureInput = z.output<typeof ExposureInputSchema>;

/** A validation problem tied to the input field that caused it (what the web form shows next to the field). */
export interface FieldIssue {
  field: string;
  message: string;
}

export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

export class ExposureInputError extends Error {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super(`invalid exposure input: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
    this.name = 'ExposureInputError';
    this.issues = issues;
  }
}

export interface ExposurePoint {
  minute: number;
  mgPerL: number;
}

export interface ExposureResult {
  points: ExposurePoint[];
  peak: ExposurePoint;
  model: PkModelId;
  route: Route;
  bioavailability: number;
  /** Amount reaching the systemic circulation: F × dose. */
  absorbedMg: number;
  caveat: string;
  sources: string[];
}

/** Throws `ExposureInputError` (with field-named issues) on invalid input; see `safeSimulateExposure`. */
export function simulateExposure(input: ExposureInput): ExposureResult {
  const result = safeSimulateExposure(input);
  if (!result.ok) throw new ExposureInputError(result.issues);
  return result.value;
}

export function safeSimulateExposure(
  input: ExposureInput,
): { ok: true; value: ExposureResult } | { ok: false; issues: FieldIssue[] } {
  const parsed = ExposureInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toFieldIssues(parsed.error) };
  return { ok: true, value: run(parsed.data) };
}

function run(input: ValidExposureInput): ExposureResult {
  const model = PK_MODELS[input.model];
  const routeParams = ROUTE_PARAMETERS[input.route];
  const bioavailability = routeParams.bioavailability;
  const absorbedMg = input.doseMg * bioavailability;
  const v1L = model.v1LPerKg * input.weightKg;

  const infusing = input.route === 'iv' && input.infusionMinutes !== undefined;
  const dose = {
    depotMg: input.route === 'iv' ? 0 : absorbedMg,
    centralBolusMg: input.route === 'iv' && !infusing ? absorbedMg : 0,
    infusion:
      infusing && input.infusionMinutes !== undefined
        ? { rateMgPerMin: absorbedMg / input.infusionMinutes, endMin: input.infusionMinutes }
        : undefined,
  };

  const minutes = timeGrid(input.durationMin, input.stepMin, dose.infusion?.endMin);
  const amounts = simulateAmounts(model, routeParams.kaPerMin ?? 0, dose, minutes);
  const points = amounts.map((a) => ({ minute: a.minute, mgPerL: a.centralMg / v1L }));
  const peak = points.reduce(
    (best, p) => (p.mgPerL > best.mgPerL ? p : best),
    points[0] ?? { minute: 0, mgPerL: 0 },
  );

  const sources = [...new Set([model.source, routeParams.source, KAMP_2020_SOURCE])];
  return {
    points,
    peak,
    model: model.id,
    route: input.route,
    bioavailability,
    absorbedMg,
    caveat: caveatFor(input.route, input.model, peak),
    sources,
  };
}

/**
 * Minutes 0, step, 2·step … up to the duration, plus the duration itself and the end of an infusion when
 * they fall between grid points: the end of an IV infusion is where the peak is, so it must be a point.
 * Values are rounded to 1e-6 min so that 0.1-minute steps do not accumulate binary drift.
 */
export function timeGrid(durationMin: number, stepMin: number, infusionEndMin?: number): number[] {
  const round = (t: number) => Math.round(t * 1e6) / 1e6;
  const set = new Set<number>();
  const count = Math.floor(durationMin / stepMin + 1e-9);
  for (let k = 0; k <= count; k++) set.add(round(k * stepMin));
  set.add(round(durationMin));
  if (infusionEndMin !== undefined && infusionEndMin <= durationMin) set.add(round(infusionEndMin));
  return [...set].sort((a, b) => a - b);
}

const BASE_CAVEAT =
  'Educational estimate, not a dosing tool: population-average parameters for racemic ketamine in healthy ' +
  'adults. Real concentrations differ several-fold between people (age, liver function, interacting ' +
  'medicines, technique). Never use this curve to choose or change a dose.';

function caveatFor(route: Route, modelId: PkModelId, peak: ExposurePoint): string {
  const parts = [BASE_CAVEAT];
  if (route === 'intranasal') {
    parts.push('Esketamine is drawn with racemic-ketamine disposition parameters.');
  }
  if (route !== 'iv' && modelId === 'domino') {
    parts.push(
      'The Domino parameters describe IV disposition; with an absorption route the early peak is unrealistic.',
    );
  }
  const observed = ROUTE_PARAMETERS[route].observedTmaxMin;
  if (observed && (peak.minute < observed[0] || peak.minute > observed[1])) {
    parts.push(
      `The modelled peak (${peak.minute} min) lies outside the observed Tmax for this route ` +
        `(${observed[0]}–${observed[1]} min).`,
    );
  }
  return parts.join(' ');
}
