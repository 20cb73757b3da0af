import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from './guards';

// Messages with the care team (issue #17): the patient's conversations, the staff inbox, the clinic's settings.
const PortalMessagesPage = lazy(() => import('../features/messages/PortalMessagesPage'));
const PortalThreadPage = lazy(() => import('../features/messages/PortalThreadPage'));
const InboxPage = lazy(() => import('../features/messages/InboxPage'));
const StaffThreadPage = lazy(() => import('../features/messages/StaffThreadPage'));
const MessageSettingsPage = lazy(() => import('../features/messages/MessageSettingsPage'));

/** Under /portal. */
export const portalMessageRoutes: RouteObject[] = [
  { path: 'messages', element: <PortalMessagesPage /> },
  { path: 'messages/:threadId', element: <PortalThreadPage /> },
];

/** Under /app: the inbox and a thread for clinical staff, the settings for those who manage the clinic's. */
export const staffMessageRoutes: RouteObject[] = [
  {
    path: 'messages',
    element: (
      <RequirePermission anyOf={['clinical.read']}>
        <InboxPage />
      </RequirePermission>
    ),
  },
  {
    path: 'messages/:threadId',
    element: (
      <RequirePermission anyOf={['clinical.read']}>
        <StaffThreadPage />
      </RequirePermission>
    ),
  },
  {
    path: 'admin/messages',
    element: (
      <RequirePermission anyOf={['settings.manage']}>
        <MessageSettingsPage />
      </RequirePermission>
    ),
  },
];
