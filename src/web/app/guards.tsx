import { Alert, Center } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';
import { homePath, type Me, useMe } from '../lib/session';

function Checking() {
  return (
    <Center mih="60vh">
      <Loading />
    </Center>
  );
}

/** Resolves who is signed in, then renders `children(me)`; signed-out visitors go to the sign-in page. */
function WithMe({ children }: { children: (me: Me) => ReactNode }) {
  const { data: me, isPending, error } = useMe();
  const location = useLocation();
  if (isPending) return <Checking />;
  if (error) return <ErrorAlert error={error} title="Could not check your sign-in" />;
  if (!me) return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  return <>{children(me)}</>;
}

/** The staff app: MFA passed, and while MFA enrolment is pending only the profile page is reachable. */
export function RequireStaff({ children }: { children: ReactNode }) {
  const location = useLocation();
  return (
    <WithMe>
      {(me) => {
        if (me.nextStep === 'mfa') return <Navigate to="/signin/mfa" replace />;
        if (me.user.role === 'patient') return <Navigate to="/portal" replace />;
        if (me.nextStep === 'enrol' && location.pathname !== '/app/profile') {
          return <Navigate to="/app/profile" replace />;
        }
        return children;
      }}
    </WithMe>
  );
}

export function RequirePatient({ children }: { children: ReactNode }) {
  return (
    <WithMe>
      {(me) =>
        me.nextStep || me.user.role !== 'patient' ? <Navigate to={homePath(me)} replace /> : children
      }
    </WithMe>
  );
}

/** Hides a page the user may not use (the server refuses it anyway). */
export function RequirePermission({ anyOf, children }: { anyOf: string[]; children: ReactNode }) {
  const me = useMe().data;
  if (!me) return null;
  if (!anyOf.some((p) => me.permissions.includes(p))) {
    return (
      <>
        <PageTitle>Not available</PageTitle>
        <Alert color="gray" variant="light">
          Your role does not include this page. Ask a clinic admin if you need it.
        </Alert>
      </>
    );
  }
  return <>{children}</>;
}

/** `/` sends each person to where they belong. */
export function HomeRedirect() {
  return <WithMe>{(me) => <Navigate to={homePath(me)} replace />}</WithMe>;
}
