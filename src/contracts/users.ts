import { z } from 'zod';
import { roleSchema, staffRoleSchema } from './auth';
import { idParam } from './common';
import { stateSchema } from './patients';

export const userSummary = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  status: z.enum(['invited', 'active', 'disabled']),
  mfaEnabled: z.boolean(),
  /** Designated for emergency ("break the glass") access to confidential charts (S17). */
  canBreakGlass: z.boolean(),
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof userSummary>;

export const userListResponse = z.object({ users: z.array(userSummary) });

export const inviteResponse = z.object({
  user: userSummary,
  /** Present only when no SMTP server is configured, so an admin can pass the link on by hand. */
  inviteUrl: z.string().optional(),
  emailQueued: z.boolean(),
});

export const changeRoleBody = z.object({ role: staffRoleSchema });
export const userIdParam = idParam;

/** Active staff for the care-team and witness pickers (GET /api/staff). */
export const staffResponse = z.object({
  staff: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
});

/**
 * Staff licences (state, type, number, expiry). A clinician may treat a patient only in a state where they
 * are licensed (DOMAIN §7).
 */
export const LICENCE_TYPES = [
  'MD',
  'DO',
  'NP',
  'PA',
  'RN',
  'LPN',
  'PsyD',
  'PhD',
  'LCSW',
  'LMFT',
  'LPC',
  'DEA',
  'other',
] as const;
export const licence = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string().nullable(),
  state: z.string(),
  licenceType: z.string(),
  number: z.string(),
  expiresOn: z.string(),
  daysLeft: z.number(),
});
export const licenceList = z.object({ licences: z.array(licence) });
export const licenceBody = z.object({
  state: stateSchema,
  licenceType: z.enum(LICENCE_TYPES, { message: 'Choose a licence type' }),
  number: z.string().trim().min(1, 'Enter the licence number').max(40),
  expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the expiry date'),
});
