import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { registerAtHomePortalRoutes } from './portal-routes';
import { registerAtHomeRecordRoutes } from './record-routes';
import { registerAtHomeRoutes } from './routes';
import { registerAtHomeSitterRoutes } from './sitter-routes';

// What the rest of the server wires in from the at-home feature (issue #16).
export { runAtHomeEscalations, startAtHomeEscalations } from './escalations';
export { supplyOf } from './service-supply';

/** The care team's (with the session record's), the patient's and the sitter's at-home routes. */
export function registerAtHome(app: FastifyInstance, ctx: AppContext): void {
  registerAtHomeRoutes(app, ctx);
  registerAtHomeRecordRoutes(app, ctx);
  registerAtHomePortalRoutes(app, ctx);
  registerAtHomeSitterRoutes(app, ctx);
}
// The at-home record as the FHIR API and the bulk export read it (the signed record PDF is routes.ts's).
export {
  atHomeEventsOfSessions,
  atHomeEventsWhere,
  atHomeRecordSignatures,
  atHomeSessionCount,
  atHomeSessionsWhere,
  dosedAtHomeSessionsOfCourses,
  RECORD_SIGNED,
  type SessionWithProduct,
} from './record-repository';
export type { EventRow as AtHomeEventRow } from './repository';
