import { Alert, Box, Container, Group, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconDeviceTablet } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { draftResult, kioskView, submitResult } from '../../../contracts/measures';
import { DemoBanner } from '../../components/DemoBanner';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ThemeToggle } from '../../components/ThemeToggle';
import { ApiError } from '../../lib/api';
import { usePublicInfo } from '../../lib/session';
import { CrisisBar } from '../public/CrisisNotice';
import { forgetKioskToken, kioskRequest, takeKioskToken } from './kiosk-api';
import { shortName } from './labels';
import { CrisisPanel } from './questionnaire/CrisisPanel';
import { type Finished, QuestionnaireRunner, type Transport } from './questionnaire/QuestionnaireRunner';

function HandBack({ title, children }: { title: string; children: string }) {
  return (
    <Stack gap="lg" align="center" ta="center" py="xl" data-testid="kiosk-locked">
      <IconDeviceTablet size={56} aria-hidden="true" />
      <PageTitle mb={0}>{title}</PageTitle>
      <Text size="lg">{children}</Text>
    </Stack>
  );
}

/**
 * The clinic tablet handed to a patient (issue #4): only this one questionnaire and the patient's first name,
 * no navigation, and once sent it locks until staff take it back. The token comes from `/kiosk#token=…`.
 */
export default function KioskPage() {
  const info = usePublicInfo().data;
  const [token] = useState(takeKioskToken);
  const [finished, setFinished] = useState<Finished | null>(null);
  const view = useQuery({
    queryKey: ['kiosk', token],
    queryFn: () => kioskRequest('GET', '/api/kiosk', token ?? '', kioskView),
    enabled: Boolean(token),
    retry: (n, err) => n < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  const transport = useMemo<Transport>(
    () => ({
      save: (answers) => kioskRequest('PUT', '/api/kiosk', token ?? '', draftResult, { answers }),
      submit: (answers) => kioskRequest('POST', '/api/kiosk/submit', token ?? '', submitResult, { answers }),
    }),
    [token],
  );
  const gone = view.error instanceof ApiError && view.error.status === 404;
  useEffect(() => {
    if (finished || gone) forgetKioskToken();
  }, [finished, gone]);

  const body = (() => {
    if (finished)
      return (
        <Stack gap="lg">
          {finished.crisis ? (
            <CrisisPanel level={finished.crisis} resources={finished.resources} afterSubmit />
          ) : null}
          {finished.crisis ? (
            <Alert color="red" variant="outline" title="Please tell a member of staff now">
              They are close by and can talk with you straight away.
            </Alert>
          ) : null}
          <Stack gap="md" align="center" ta="center" py="lg" data-testid="kiosk-locked">
            <IconCircleCheck size={56} aria-hidden="true" color="var(--mantine-color-green-text)" />
            <PageTitle mb={0}>Thank you — please hand the tablet back</PageTitle>
            <Text size="lg">Your answers were sent to your care team.</Text>
          </Stack>
        </Stack>
      );
    if (!token)
      return <HandBack title="No questionnaire open">Please hand the tablet back to the staff.</HandBack>;
    if (view.isPending) return <Loading label="Loading the questionnaire" />;
    if (gone)
      return (
        <HandBack title="This questionnaire is closed">
          This link has expired or has already been used. Please hand the tablet back to the staff.
        </HandBack>
      );
    if (view.error) return <ErrorAlert error={view.error} title="Could not load the questionnaire" />;
    const v = view.data;
    return (
      <Stack gap="md">
        <div>
          <PageTitle mb={4}>{`Hello, ${v.firstName}`}</PageTitle>
          <Text fz={{ base: 'sm', xs: 'lg' }}>
            Please answer the {shortName(v.instrument.name)} questions
            {v.instrument.recallPeriod ? `, about the ${v.instrument.recallPeriod}` : ''}. There are no right
            or wrong answers.
          </Text>
        </div>
        <QuestionnaireRunner
          instrument={v.instrument}
          initialAnswers={v.answers}
          transport={transport}
          onFinished={(f) => {
            setFinished(f);
            window.scrollTo({ top: 0 });
          }}
        />
      </Stack>
    );
  })();

  return (
    <Box mih="100dvh">
      <Box component="header" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <DemoBanner />
        <Container size="sm" py={{ base: 4, xs: 'sm' }}>
          <Group justify="space-between" wrap="nowrap">
            <Text fw={700} size="lg">
              {info?.clinicName ?? 'Liminal'}
            </Text>
            <ThemeToggle />
          </Group>
        </Container>
      </Box>
      <CrisisBar />
      <Container component="main" id="main" tabIndex={-1} size="sm" py={{ base: 'md', xs: 'xl' }}>
        {body}
      </Container>
    </Box>
  );
}
