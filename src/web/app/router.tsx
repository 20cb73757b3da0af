import { Alert, Anchor, Container, Stack } from '@mantine/core';
import { lazy } from 'react';
import { createBrowserRouter, isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { PageTitle } from '../components/PageTitle';
import { MfaPage } from '../features/auth/MfaPage';
import { SignInPage } from '../features/auth/SignInPage';
import { HomeRedirect, RequirePatient, RequirePermission, RequireStaff } from './guards';
import { PublicLayout } from './PublicLayout';

// The sign-in pages load with the first bundle; everything behind sign-in loads on demand, so the first
// page stays light (the admin area and anything with charts are separate chunks).
const StaffLayout = lazy(() => import('./StaffLayout').then((m) => ({ default: m.StaffLayout })));
const AcceptInvitePage = lazy(() => import('../features/auth/AcceptInvitePage'));
const TodayPage = lazy(() => import('../features/home/TodayPage'));
const ProfilePage = lazy(() => import('../features/profile/ProfilePage'));
const PortalHome = lazy(() => import('../features/portal/PortalHome'));
const UsersPage = lazy(() => import('../features/admin/UsersPage'));
const AuditPage = lazy(() => import('../features/admin/AuditPage'));

function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Container size="sm" py="xl" component="main" id="main">
      <Stack>
        <PageTitle>{notFound ? 'Page not found' : 'Something went wrong'}</PageTitle>
        <Alert color="gray" variant="light">
          {notFound
            ? 'There is no page at this address.'
            : 'This page could not be shown. Reloading usually helps; nothing you saved has been lost.'}
        </Alert>
        <Anchor component={Link} to="/">
          Go to the start page
        </Anchor>
      </Stack>
    </Container>
  );
}

function NotFound() {
  return (
    <Stack>
      <PageTitle>Page not found</PageTitle>
      <Alert color="gray" variant="light">
        There is no page at this address.
      </Alert>
      <Anchor component={Link} to="/">
        Go to the start page
      </Anchor>
    </Stack>
  );
}

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRedirect /> },
      {
        element: <PublicLayout />,
        children: [
          { path: 'signin', element: <SignInPage /> },
          { path: 'signin/mfa', element: <MfaPage /> },
          { path: 'accept-invite', element: <AcceptInvitePage /> },
        ],
      },
      {
        path: 'portal',
        element: (
          <RequirePatient>
            <PublicLayout signedIn />
          </RequirePatient>
        ),
        children: [{ index: true, element: <PortalHome /> }],
      },
      {
        path: 'app',
        element: (
          <RequireStaff>
            <StaffLayout />
          </RequireStaff>
        ),
        children: [
          { index: true, element: <TodayPage /> },
          { path: 'profile', element: <ProfilePage /> },
          {
            path: 'admin/users',
            element: (
              <RequirePermission anyOf={['users.manage', 'users.read']}>
                <UsersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/audit',
            element: (
              <RequirePermission anyOf={['audit.read']}>
                <AuditPage />
              </RequirePermission>
            ),
          },
        ],
      },
      { element: <PublicLayout />, children: [{ path: '*', element: <NotFound /> }] },
    ],
  },
]);
