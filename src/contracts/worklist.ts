import { z } from 'zod';

/** One item of today's worklist: what needs doing, for whom, and where to do it. */
export const workItem = z.object({
  id: z.string(),
  kind: z.string(),
  severity: z.enum(['urgent', 'due', 'info']),
  title: z.string(),
  detail: z.string(),
  patientId: z.string().nullable(),
  patientName: z.string().nullable(),
  link: z.string(),
  at: z.string().nullable(),
});

/**
 * One section of the worklist: how many it holds (`atLeast`: the count stopped there) and how many came. The
 * server narrows `key` to its list of sections.
 */
export const worklistSection = z.object({
  key: z.string(),
  title: z.string(),
  shown: z.number().int(),
  offset: z.number().int(),
  total: z.number().int(),
  atLeast: z.boolean(),
});

/** GET /api/worklist */
export const worklistResponse = z.object({
  items: z.array(workItem),
  sections: z.array(worklistSection),
  generatedAt: z.string(),
});
