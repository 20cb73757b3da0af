import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { registerClaimRoutes } from './routes';

// What other features may use of billing documents (issue #22): FHIR reads charge lines (ChargeItem) and the claim batches (Claim).
export {
  batchedLinesWhere,
  chargeLinesWhere,
  coverageOfPatients as coverageRowsOf,
  reversedAmong,
} from './repository';
export { ESKETAMINE_CODES, standingLines } from './shared';

/** Superbills, insurance, the practice's billing identity, the 837P claim file and the charges CSV. */
export function registerClaims(app: FastifyInstance, ctx: AppContext): void {
  registerClaimRoutes(app, ctx);
}
