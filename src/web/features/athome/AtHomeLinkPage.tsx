import { Alert, Anchor, Stack } from '@mantine/core';
import { Link, Navigate, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { atHomeUrl, useBoard } from './athome-query';

/**
 * The address in the on-call email (`/app/at-home/:sessionId`), which names no patient: the session is found
 * among today's board and its open escalations, and the page moves on to it.
 */
export default function AtHomeLinkPage() {
  const { sessionId = '' } = useParams();
  const board = useBoard(true);
  const d = board.data;
  const patientId =
    d?.sessions.find((s) => s.id === sessionId)?.patientId ??
    d?.escalations.find((e) => e.sessionId === sessionId)?.patientId;
  if (patientId) return <Navigate replace to={atHomeUrl(patientId, sessionId)} />;
  return (
    <Stack gap="lg">
      <PageTitle mb={0}>At-home session</PageTitle>
      {board.isPending ? <Loading label="Finding the session" /> : null}
      <ErrorAlert error={board.error} title="Could not load the remote board" />
      {d ? (
        <Alert color="gray" variant="light">
          This session is not on today’s remote board and has no open escalation. Open it from the patient’s
          chart (Course, sessions & notes).{' '}
          <Anchor component={Link} to="/app">
            Go to Today
          </Anchor>
        </Alert>
      ) : null}
    </Stack>
  );
}
