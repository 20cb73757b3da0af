import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from './guards';

// Billing (issue #22): the worklist of visits to review and the admin's fee schedule; a patient's charges are the
// chart's Billing tab.
const BillingWorklistPage = lazy(() => import('../features/billing/BillingWorklistPage'));
const FeeSchedulePage = lazy(() => import('../features/billing/FeeSchedulePage'));

/** Under /app. */
export const staffBillingRoutes: RouteObject[] = [
  {
    path: 'billing',
    element: (
      <RequirePermission anyOf={['billing.read']}>
        <BillingWorklistPage />
      </RequirePermission>
    ),
  },
  {
    path: 'admin/fee-schedule',
    element: (
      <RequirePermission anyOf={['billing.settings']}>
        <FeeSchedulePage />
      </RequirePermission>
    ),
  },
];
