import { z } from 'zod';
import { email, text } from './common';

/**
 * Sent with a read that nobody asked for just now (a screen refreshing itself): the server then does not count it
 * as activity, so a screen left open still reaches the idle limit (SECURITY.md S9). The server honours it on
 * reads only: a state-changing call is always someone's act.
 */
export const BACKGROUND_HEADER = 'x-liminal-background';

export const ROLE_VALUES = [
  'admin',
  'prescriber',
  'nurse',
  'therapist',
  'front_desk',
  'biller',
  'patient',
] as const;
export const STAFF_ROLE_VALUES = [
  'admin',
  'prescriber',
  'nurse',
  'therapist',
  'front_desk',
  'biller',
] as const;
export const roleSchema = z.enum(ROLE_VALUES);
export const staffRoleSchema = z.enum(STAFF_ROLE_VALUES);

export const passwordSchema = z
  .string()
  .min(12, 'Use at least 12 characters')
  .max(256, 'Use at most 256 characters');

export const loginBody = z.object({
  email,
  password: z.string().min(1, 'Enter your password').max(256),
});

export const mfaVerifyBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'Enter the 6-digit code')
      .optional(),
    recoveryCode: z.string().trim().min(8).max(40).optional(),
  })
  .refine((b) => Boolean(b.code) !== Boolean(b.recoveryCode), {
    message: 'Enter either a code from your app or a recovery code',
    path: ['code'],
  });

export const mfaEnableBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code'),
});

export const mfaSetupResponse = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrDataUrl: z.string(),
});

export const recoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) });

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, 'Enter your current password').max(256),
  newPassword: passwordSchema,
});

export const inviteTokenBody = z.object({ token: z.string().min(20).max(200) });
export const acceptInviteBody = z.object({ token: z.string().min(20).max(200), password: passwordSchema });
export const inviteInfoResponse = z.object({ email: z.string(), name: z.string() });

/** What the UI needs to know about the signed-in user. `permissions` drives what it shows. */
export const meResponse = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    mfaEnabled: z.boolean(),
    patientId: z.string().nullable(),
    /** Designated for emergency ("break the glass") access (S17): the UI offers it on a refused chart. */
    canBreakGlass: z.boolean(),
  }),
  permissions: z.array(z.string()),
  session: z.object({
    csrfToken: z.string(),
    mfaVerified: z.boolean(),
    idleExpiresAt: z.string(),
    absoluteExpiresAt: z.string(),
    idleTimeoutMinutes: z.number(),
  }),
  /** `mfa` → ask for a TOTP code; `enrol` → staff must enrol MFA before anything else; null → ready. */
  nextStep: z.enum(['mfa', 'enrol']).nullable(),
  demoMode: z.boolean(),
});
export type Me = z.infer<typeof meResponse>;

export const publicInfoResponse = z.object({
  clinicName: z.string(),
  clinicPhone: z.string().nullable(),
  clinicEmail: z.string().nullable(),
  demoMode: z.boolean(),
  version: z.string(),
});

export const inviteBody = z.object({ email, name: text(120), role: staffRoleSchema });
