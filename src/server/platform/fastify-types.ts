import type { AuthContext, RequestMeta } from './auth-context';
import type { RouteAccess } from './permissions';
import type { SessionRecord } from './sessions';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every /api and /fhir route: a permission, 'authenticated' or 'public'. */
    access?: RouteAccess;
    /** The route reads or writes patient data: denied attempts are audited too. */
    patientData?: boolean;
    /** Reachable before the MFA step is complete (sign-in flow, enrolment, sign-out). */
    mfaExempt?: boolean;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    session: SessionRecord | null;
    meta: RequestMeta;
  }
}
