import { type Permission, permissionsFor, type Role } from './permissions';

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
  /**
   * Flags every audit entry of the request as emergency access. Windows are per patient (platform/emergency.ts):
   * appendAudit flags an entry when the actor holds an open window on the entry's patient, whatever this says.
   */
  emergency: boolean;
  /** An admin designated this user for emergency ("break the glass") access (S17). Read per request. */
  canBreakGlass?: boolean;
  ip: string | null;
  requestId: string;
  /** Set for a FHIR API bearer token: the SMART scopes it was granted (src/server/fhir/tokens.ts). */
  scopes?: readonly string[];
  /** The API client a bearer token was issued to (null for a token a patient issued from the portal). */
  clientId?: string | null;
  /** The client's Idempotency-Key for this write, if it sent one (see platform/idempotency.ts). */
  idempotencyKey?: string | null;
  /** "METHOD /route/pattern" of the request, recorded with its idempotency key. */
  requestLine?: string;
  idempotencyRecorded?: boolean;
  /** Set when the key's record was read with the session (`seen` undefined: the key is new to this account). */
  idempotencyLookup?: { seen: SeenKey | undefined };
  /**
   * The route's first read of a patient's record, read with the session (platform/first-read.ts), until its
   * reader takes it (once; unchecked until then: the access check receives it as it would its own read).
   */
  firstRead?: FoldedRow | undefined;
}

/** A row the access hook read with the session for one reader, with the arguments it read it with (first-read.ts). */
export interface FoldedRow {
  readonly reader: object;
  /** The patient's id first, then the reader's other arguments. */
  readonly args: readonly string[];
  /** The decoded row; undefined when no such patient exists. */
  readonly row: unknown;
}

/** What an account recorded under an Idempotency-Key (platform/idempotency.ts). */
export interface SeenKey {
  method: string;
  path: string;
  status_code: number | null;
  response: string | null;
}

/** Where a request came from, for audit entries of unauthenticated actions (sign-in, public forms). */
export interface RequestMeta {
  ip: string | null;
  requestId: string;
  idempotencyKey?: string | null;
  requestLine?: string;
  /** Set once the key has been recorded in this request's transaction. */
  idempotencyRecorded?: boolean;
}

export const SYSTEM_META: RequestMeta = { ip: null, requestId: 'system' };

/**
 * The context of a signed-in account on one of its sessions: the role's permissions, the patient a portal
 * account is tied to, and whether this session passed MFA. One builder for the access hook (every request) and
 * the sign-in service (the answer to sign-in and MFA), so the two never disagree.
 */
export function sessionAuthContext(
  user: { id: string; role: string; name: string; email: string; patient_id: string | null },
  session: { id: string; mfaVerified: boolean },
  meta: Pick<RequestMeta, 'ip' | 'requestId'>,
): AuthContext {
  return {
    userId: user.id,
    role: user.role as Role,
    name: user.name,
    email: user.email,
    permissions: new Set(permissionsFor(user.role)),
    patientId: user.patient_id,
    sessionId: session.id,
    mfaVerified: session.mfaVerified,
    emergency: false,
    ip: meta.ip,
    requestId: meta.requestId,
  };
}
