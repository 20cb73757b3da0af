import { z } from 'zod';
import { roleSchema, staffRoleSchema } from './auth';
import { idParam } from './common';

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
