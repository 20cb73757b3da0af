import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { registerMessagePortalRoutes } from './portal-routes';
import { registerMessageRoutes } from './routes';

// What other features may use of messages (issue #17): Today's urgent threads, FHIR Communication and the export.
export {
  type MessageRow,
  messagesWhere,
  type ThreadRow,
  threadsOfPatient,
} from './repository';

/** The care team's inbox and the patient's portal messages. */
export function registerMessages(app: FastifyInstance, ctx: AppContext): void {
  registerMessageRoutes(app, ctx);
  registerMessagePortalRoutes(app, ctx);
}
