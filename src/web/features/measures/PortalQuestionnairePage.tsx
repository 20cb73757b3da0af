import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { IconArrowLeft, IconCircleCheck, IconHome } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { draftResult, submitResult } from '../../../contracts/measures';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ApiError, api } from '../../lib/api';
import { CrisisBar } from '../public/CrisisNotice';
import { shortName } from './labels';
import { portalMeasuresKey, usePortalForm } from './measures-query';
import { CrisisPanel } from './questionnaire/CrisisPanel';
import { type Finished, QuestionnaireRunner, type Transport } from './questionnaire/QuestionnaireRunner';

function Back() {
  return (
    <Anchor component={Link} to="/portal" size="sm">
      <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Home
    </Anchor>
  );
}

function Done({ finished }: { finished: Finished }) {
  return (
    <Stack gap="lg">
      {finished.crisis ? (
        <CrisisPanel level={finished.crisis} resources={finished.resources} afterSubmit />
      ) : null}
      <Alert
        color="green"
        variant="light"
        icon={<IconCircleCheck aria-hidden="true" />}
        title="Thank you — your answers were sent"
        role="status"
        data-testid="questionnaire-done"
      >
        Your care team will look at them before your next appointment.
      </Alert>
      <Button
        component={Link}
        to="/portal"
        size="lg"
        fullWidth
        leftSection={<IconHome size={20} aria-hidden="true" />}
      >
        Back to home
      </Button>
    </Stack>
  );
}

/** A questionnaire in the patient portal (issue #4), phone first: one question per screen, saved as you go. */
export default function PortalQuestionnairePage() {
  const assignmentId = useParams().assignmentId ?? '';
  const queryClient = useQueryClient();
  const form = usePortalForm(assignmentId);
  const [finished, setFinished] = useState<Finished | null>(null);
  const base = `/api/portal/measures/${encodeURIComponent(assignmentId)}`;
  const transport = useMemo<Transport>(
    () => ({
      save: (answers) => api.put(`${base}/draft`, { answers }, { schema: draftResult }),
      submit: (answers) => api.post(`${base}/submit`, { answers }, { schema: submitResult }),
    }),
    [base],
  );

  const title = form.data ? `${shortName(form.data.instrument.name)} questionnaire` : 'Questionnaire';
  const top = (
    <>
      <CrisisBar />
      <Back />
    </>
  );
  if (form.isPending)
    return (
      <Stack gap="lg">
        {top}
        <Loading label="Loading your questionnaire" />
      </Stack>
    );
  if (form.error && !finished) {
    const gone = form.error instanceof ApiError && form.error.status === 404;
    return (
      <Stack gap="lg">
        {top}
        <PageTitle>Questionnaire</PageTitle>
        {gone ? (
          <Text>
            This questionnaire is not open any more: it may have been sent already. Nothing else to do here.
          </Text>
        ) : (
          <ErrorAlert error={form.error} title="Could not load your questionnaire" />
        )}
      </Stack>
    );
  }
  const f = form.data;
  if (!f) return null;
  return (
    <Stack gap="md">
      {top}
      <div>
        <PageTitle mb={4}>{title}</PageTitle>
        <Text c="dimmed" fz={{ base: 'sm', xs: 'md' }}>
          There are no right or wrong answers. It takes a few minutes.
        </Text>
      </div>
      {finished ? (
        <Done finished={finished} />
      ) : (
        <QuestionnaireRunner
          instrument={f.instrument}
          initialAnswers={f.answers}
          transport={transport}
          onFinished={(done) => {
            setFinished(done);
            window.scrollTo({ top: 0 });
            void queryClient.invalidateQueries({ queryKey: portalMeasuresKey });
          }}
        />
      )}
    </Stack>
  );
}
