import { z } from 'zod';

/** RFC 9457 problem details, as every API error is returned. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .passthrough();
export type ProblemBody = z.infer<typeof problemSchema>;

export const idParam = z.object({ id: z.uuid() });
export const okSchema = z.object({ ok: z.literal(true) });

/** Trimmed text with a length cap; huge strings are rejected rather than stored. */
export const text = (max: number, min = 1) => z.string().trim().min(min).max(max);
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address' }));

export const isoInstant = z.iso.datetime({ offset: true });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
