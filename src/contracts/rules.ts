import { z } from 'zod';
import { DoseLimitSchema } from '../domain/dosing';
import { ruleSetSchema } from '../domain/rules';
import { COMPARATORS, VITAL_PHASES, VITAL_RULE_BASES, VITAL_RULE_LEVELS, VITALS } from '../domain/vitals';

/**
 * The clinic's safety rules (vital-sign holds and alerts, at-home check-in limits, per-route dose limits),
 * published in versions by the medical director. The body is validated rule by rule, each issue named by its
 * field (`rules.2.value`, `doseLimits.0.source`); `basedOnVersion` refuses a publish made over a version
 * someone else published meanwhile.
 */
export const publishRuleSetBody = ruleSetSchema.extend({
  basedOnVersion: z
    .number()
    .int()
    .positive()
    .describe('The version the edits were made on (the current one)'),
  note: z
    .string()
    .trim()
    .max(1000, { error: 'At most 1000 characters.' })
    .default('')
    .describe('What changed and why, for the record'),
});
export type PublishRuleSetBody = z.input<typeof publishRuleSetBody>;

/** A stored rule as read back (stored versions were validated when published). */
export const vitalRuleOut = z.object({
  id: z.string(),
  vital: z.enum(VITALS),
  comparator: z.enum(COMPARATORS),
  value: z.number(),
  level: z.enum(VITAL_RULE_LEVELS),
  phase: z.enum(VITAL_PHASES),
  recheckMinutes: z.number(),
  basis: z.enum(VITAL_RULE_BASES),
  source: z.string(),
  note: z.string().optional(),
});

export const ruleSetView = z.object({
  version: z.number(),
  publishedAt: z.string(),
  publishedByName: z.string().nullable(),
  note: z.string().nullable(),
  rules: z.array(vitalRuleOut),
  doseLimits: z.array(DoseLimitSchema),
});
export type RuleSetView = z.infer<typeof ruleSetView>;

export const ruleSetVersionSummary = z.object({
  version: z.number(),
  publishedAt: z.string(),
  publishedByName: z.string().nullable(),
  note: z.string().nullable(),
  /** Dosing sessions that started with this version. */
  sessions: z.number(),
});

export const ruleSetOverview = z.object({
  current: ruleSetView,
  versions: z.array(ruleSetVersionSummary),
});
export type RuleSetOverview = z.infer<typeof ruleSetOverview>;

export const ruleSetParams = z.object({ version: z.coerce.number().int().positive().max(1_000_000) });
