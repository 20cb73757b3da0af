// The per-route dose limits a medical director may publish, validated as a set: each limit positive and
// within what an order may ask for at all, each maximum at or above the minimum it pairs with, and each kind
// on a route where it can apply. Errors carry the field path (`doseLimits.3.value`) the form points at.

import { z } from 'zod';
import type { DoseLimit } from '../dosing';
import { MAX_ORDER_MG, MAX_ORDER_MG_PER_KG } from '../dosing';
import { ROUTES } from '../exposure';

export type DoseRoute = (typeof ROUTES)[number];
export type DoseLimitKind = DoseLimit['kind'];

export const DOSE_ROUTE_LABELS: Record<DoseRoute, string> = {
  iv: 'IV infusion',
  im: 'Intramuscular injection',
  intranasal: 'Esketamine nasal spray',
  sublingual: 'Sublingual troche / RDT',
  oral: 'Oral',
};

/** What each kind of limit means, in words, with its unit and the highest value it may take. */
export const DOSE_LIMIT_KINDS: Record<
  DoseLimitKind,
  { label: string; unit: string; max: number; routes?: readonly DoseRoute[] }
> = {
  minMgPerKg: { label: 'Lowest dose per kg', unit: 'mg/kg', max: MAX_ORDER_MG_PER_KG },
  maxMgPerKg: { label: 'Highest dose per kg', unit: 'mg/kg', max: MAX_ORDER_MG_PER_KG },
  minMg: { label: 'Lowest dose', unit: 'mg', max: MAX_ORDER_MG },
  maxMg: { label: 'Highest dose', unit: 'mg', max: MAX_ORDER_MG },
  allowedMg: { label: 'Only these doses', unit: 'mg', max: MAX_ORDER_MG },
  // The order form takes infusion times up to 240 min (contracts/sessions orderBody), on IV only.
  minInfusionMinutes: { label: 'Shortest infusion', unit: 'min', max: 240, routes: ['iv'] },
  // Only the nasal spray's orders know whether they are the patient's first (SessionsService.order).
  firstDoseMg: { label: 'First dose', unit: 'mg', max: MAX_ORDER_MG, routes: ['intranasal'] },
};
export const DOSE_LIMIT_KIND_IDS = Object.keys(DOSE_LIMIT_KINDS) as DoseLimitKind[];

export const DOSE_LIMIT_LEVELS = {
  error: 'Refuse the order',
  warning: 'Ask to acknowledge',
} as const;

/** The minimum each maximum pairs with (same route, same unit). */
const PAIRS: [DoseLimitKind, DoseLimitKind][] = [
  ['minMgPerKg', 'maxMgPerKg'],
  ['minMg', 'maxMg'],
];

const amount = z
  .number({ error: 'Enter a number.' })
  .positive({ error: 'Must be greater than 0.' })
  .refine(Number.isFinite, { error: 'Enter a number.' });

const base = {
  id: z
    .string()
    .regex(/^[a-z0-9_-]{1,64}$/, { error: 'Use lower-case letters, digits, - and _ (at most 64).' }),
  route: z.enum(ROUTES, { error: 'Choose a route.' }),
  level: z.enum(['error', 'warning'], { error: 'Choose refuse or warn.' }),
  label: z
    .string()
    .trim()
    .min(1, { error: 'Name the limit.' })
    .max(120, { error: 'At most 120 characters.' }),
  source: z
    .string()
    .trim()
    .min(3, { error: 'Say where the limit comes from (or "clinic policy").' })
    .max(500, { error: 'At most 500 characters.' }),
  clinicPolicy: z.boolean({ error: 'Say whether this is clinic policy or a published limit.' }),
  note: z.string().trim().max(500, { error: 'At most 500 characters.' }).optional(),
};

const limitSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ ...base, kind: z.literal('minMgPerKg'), value: amount }),
    z.object({ ...base, kind: z.literal('maxMgPerKg'), value: amount }),
    z.object({ ...base, kind: z.literal('minMg'), value: amount }),
    z.object({ ...base, kind: z.literal('maxMg'), value: amount }),
    z.object({
      ...base,
      kind: z.literal('allowedMg'),
      values: z.array(amount).min(1, { error: 'List at least one dose.' }).max(12),
    }),
    z.object({ ...base, kind: z.literal('minInfusionMinutes'), value: amount }),
    z.object({ ...base, kind: z.literal('firstDoseMg'), value: amount }),
  ],
  { error: 'Choose what the limit is.' },
);

const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

/** A clinic's dose limits: each valid on its own, and consistent with the others of its route. */
export const doseLimitSetSchema = z
  .array(limitSchema)
  .max(60, { error: 'At most 60 dose limits.' })
  .superRefine((limits, ctx) => {
    const seen = new Set<string>();
    limits.forEach((limit, index) => {
      const info = DOSE_LIMIT_KINDS[limit.kind];
      if (seen.has(limit.id))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `Two limits share the id ${limit.id}.`,
        });
      seen.add(limit.id);
      if (info.routes && !info.routes.includes(limit.route)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'route'],
          message: `${info.label} applies to ${info.routes.map((r) => DOSE_ROUTE_LABELS[r]).join(' or ')} only.`,
        });
      }
      if (limit.kind === 'allowedMg') {
        limit.values.forEach((v, i) => {
          if (v > info.max)
            ctx.addIssue({
              code: 'custom',
              path: [index, 'values', i],
              message: `At most ${info.max} ${info.unit}.`,
            });
        });
        if (new Set(limit.values).size !== limit.values.length)
          ctx.addIssue({ code: 'custom', path: [index, 'values'], message: 'A dose is listed twice.' });
      } else if (limit.value > info.max) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'value'],
          message: `At most ${info.max} ${info.unit}.`,
        });
      }
    });
    // Each maximum at or above every minimum of the same route and unit (else no dose could pass both).
    for (const [minKind, maxKind] of PAIRS) {
      for (const [index, high] of limits.entries()) {
        if (high.kind !== maxKind || !('value' in high) || !(high.value > 0)) continue;
        const low = limits.find(
          (l) => l.kind === minKind && l.route === high.route && 'value' in l && high.value < l.value,
        );
        if (!low || !('value' in low)) continue;
        ctx.addIssue({
          code: 'custom',
          path: [index, 'value'],
          message: `Must be at least ${fmt(low.value)} ${DOSE_LIMIT_KINDS[maxKind].unit}, the “${low.label}” limit for this route.`,
        });
      }
    }
  });

/** "Highest dose per kg 1 mg/kg", "Only these doses 56 or 84 mg" */
export function describeDoseLimit(limit: DoseLimit): string {
  const info = DOSE_LIMIT_KINDS[limit.kind];
  const amountText = limit.kind === 'allowedMg' ? limit.values.map(fmt).join(' or ') : fmt(limit.value);
  return `${info.label} ${amountText} ${info.unit}`;
}
