import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context';
import { registerBillingRoutes } from './routes';

// What other features may use of billing (issue #22): the superbill, the 837P claim file, the charges CSV and
// FHIR ChargeItem/Claim read charge lines, payments and balances through these functions only; scheduling calls
// proposeOnCompletion when a visit completes.
export { proposeOnCompletion } from './completion';
export {
  balanceOfPatient,
  type ChargeLine,
  chargesOfPatient,
  chargesOfVisit,
  finalChargesBetween,
  finalChargesOfVisits,
  type PaymentWithAllocations,
  paymentsOfPatient,
  visitKeyOf,
} from './repository';

/** Charges, payments, the billing worklist and the fee schedule. */
export function registerBilling(app: FastifyInstance, ctx: AppContext): void {
  registerBillingRoutes(app, ctx);
}
