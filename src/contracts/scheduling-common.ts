import { z } from 'zod';
import { isIsoDate, isTimeZone } from '../domain/scheduling/time';

/** Shared scheduling primitives: local dates and times, zones, instants and id parameters. */
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD')
  .refine(isIsoDate, 'Not a real date')
  .refine((s) => s >= '2000-01-01' && s <= '2100-12-31', 'Enter a date between 2000 and 2100');
export const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour)');
export const timeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'Not a known time zone (e.g. America/Los_Angeles)');
/** An instant with an offset, normalised to UTC; years 2000–2100 only (typos like 0202 are refused). */
export const instant = z.iso
  .datetime({ offset: true })
  .refine((s) => isIsoDate(s.slice(0, 10)), 'Not a real date')
  .refine((s) => {
    const y = new Date(s).getUTCFullYear();
    return y >= 2000 && y <= 2100;
  }, 'Enter a date between 2000 and 2100')
  .transform((s) => new Date(s).toISOString());
export const httpsUrl = z.url({ protocol: /^https$/, message: 'Use an https:// link' }).max(500);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const idParam = z.object({ id: z.uuid() });
export const roomParams = z.object({ id: z.uuid() });
export const timeOffParams = z.object({ id: z.uuid(), timeOffId: z.uuid() });
