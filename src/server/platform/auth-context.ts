import type { Permission, Role } from './permissions';

/** Who is acting, passed first to every service method. */
export interface AuthContext {
  userId: string;
  role: Role;
  name: string;
  email: string;
  permissions: ReadonlySet<Permission>;
  /** Set for patient-portal accounts: the only patient they may see. */
  patientId: string | null;
  sessionId: string;
  mfaVerified: boolean;
  /** True while a break-the-glass window is open; every audit entry is flagged. */
  emergency: boolean;
  ip: string | null;
  requestId: string;
}

/** Where a request came from, for audit entries of unauthenticated actions (sign-in, public forms). */
export interface RequestMeta {
  ip: string | null;
  requestId: string;
}

export const SYSTEM_META: RequestMeta = { ip: null, requestId: 'system' };
