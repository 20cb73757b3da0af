import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context';
import { registerAtHome } from './athome';
import { registerAuditRoutes } from './audit/routes';
import { registerAuthRoutes } from './auth/routes';
import { registerBilling } from './billing';
import { registerClaims } from './claims';
import { registerConsentRoutes } from './consent/routes';
import { registerCourseRoutes } from './courses/routes';
import { registerEmergencyRoutes } from './emergency/routes';
import { registerEnquiryRoutes } from './enquiries/routes';
import { registerExperienceRoutes } from './experience';
import { registerHealthRoutes } from './health/routes';
import { registerJournalRoutes } from './journal';
import { registerLedgerRoutes } from './ledger/routes';
import { registerMeasureRoutes } from './measures/routes';
import { registerMessages } from './messages';
import { registerOutcomeRoutes } from './outcomes/routes';
import { registerPortalRoutes } from './patients/portal-routes';
import { registerPatientRoutes } from './patients/routes';
import { registerPolicyRoutes } from './policies/routes';
import { registerProgressRoutes } from './progress/routes';
import { registerProtectionRoutes } from './protection';
import { registerRuleSetRoutes } from './rules/routes';
import { registerSchedulingRoutes } from './scheduling/routes';
import { registerSessionRoutes } from './sessions/routes';
import { registerCareTaskRoutes } from './tasks/routes';
import { registerLicenceRoutes } from './users/licence-routes';
import { registerUserRoutes } from './users/routes';
import { registerWorklistRoutes } from './worklist/routes';

/** Every feature's routes, registered in this order by the composition root. */
export const FEATURES: ((app: FastifyInstance, ctx: AppContext) => void)[] = [
  registerHealthRoutes,
  registerAuthRoutes,
  registerUserRoutes,
  registerAuditRoutes,
  registerLicenceRoutes,
  registerEnquiryRoutes,
  registerPatientRoutes,
  registerEmergencyRoutes,
  registerPolicyRoutes,
  registerProtectionRoutes,
  registerRuleSetRoutes,
  registerPortalRoutes,
  registerConsentRoutes,
  registerCourseRoutes,
  registerSessionRoutes,
  registerWorklistRoutes,
  registerMeasureRoutes,
  registerOutcomeRoutes,
  registerSchedulingRoutes,
  registerLedgerRoutes,
  registerAtHome,
  registerCareTaskRoutes,
  registerProgressRoutes,
  registerMessages,
  registerJournalRoutes,
  registerExperienceRoutes,
  registerBilling,
  registerClaims,
];
