import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { registerAtHomePortalRoutes } from './portal-routes';
import { registerAtHomeRoutes } from './routes';
import { registerAtHomeSitterRoutes } from './sitter-routes';

// What the rest of the server wires in from the at-home feature (issue #16).
export { runAtHomeEscalations, startAtHomeEscalations } from './escalations';
export { supplyOf } from './service-supply';

/** The care team's, the patient's and the sitter's at-home routes. */
export function registerAtHome(app: FastifyInstance, ctx: AppContext): void {
  registerAtHomeRoutes(app, ctx);
  registerAtHomePortalRoutes(app, ctx);
  registerAtHomeSitterRoutes(app, ctx);
}
