import type { AuthContext, RequestMeta } from './auth-context';
import type { FoldPlan } from './first-read';
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
    /**
     * The route's first read of one patient's record, planned from its raw parameters and headers: on PostgreSQL
     * the access hook reads it in the statement that reads the session (platform/first-read.ts). For reads, and
     * for writes whose access check reads before their transaction begins (scope.ts `withPatientChange`), so
     * that the read is as fresh as it would be on its own.
     */
    firstRead?: (request: FastifyRequest) => FoldPlan | undefined;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    session: SessionRecord | null;
    meta: RequestMeta;
  }
}
