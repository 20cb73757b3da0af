import { z } from 'zod';
import { isIsoDate } from '../domain/ledger';
import { email } from './common';

/**
 * Controlled-substance ledger API (DOMAIN §6). Quantities are integer micrograms (µg) everywhere; the UI
 * converts from mg, mL, or units using the product's strength. Dates without a time are clinic-local
 * 'YYYY-MM-DD'.
 */
export const MAX_UG = 1_000_000_000_000; // 1 000 kg: far beyond any clinic, far below 2^53
export const ug = z.number().int('quantities are whole micrograms').positive().max(MAX_UG);
export const isoDate = z.string().max(10).refine(isIsoDate, 'expected a calendar date YYYY-MM-DD');
/** Patient, dosing-session and order ids from other features (text ids; no foreign key yet). */
export const refId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not a valid id');
export const note = z.string().trim().max(2000).optional();

/** A second person's confirmation on the same screen: their own password, and code when MFA is on. */
export const credentials = z.object({
  email,
  password: z.string().min(1).max(256),
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'a 6-digit code')
    .optional(),
});
export type Credentials = z.infer<typeof credentials>;
export const witnesses = (min: number) => z.array(credentials).min(min, `${min} witness(es) required`).max(3);

/** Reference to an earlier event this one corrects; corrections never edit the original (21 CFR 1304.21). */
export const corrects = { correctsEventId: z.uuid().optional(), note };
