import { z } from 'zod';

/** Clinic outcomes (issue #8): response and remission per instrument across the clinic. */
const ruleSummary = z
  .object({
    kind: z.enum(['percentDrop', 'absoluteDrop', 'below', 'atOrBelow']),
    value: z.number(),
    text: z.string(),
    source: z.string(),
  })
  .nullable();

export const instrumentOutcome = z.object({
  instrumentId: z.string(),
  name: z.string(),
  patients: z.number().int(),
  evaluable: z.number().int(),
  responders: z.number().int(),
  remitters: z.number().int(),
  responseRate: z.number().nullable(),
  remissionRate: z.number().nullable(),
  responseRule: ruleSummary,
  remissionRule: ruleSummary,
});

export const clinicOutcomes = z.object({
  generatedAt: z.string(),
  method: z.string(),
  instruments: z.array(instrumentOutcome),
});
