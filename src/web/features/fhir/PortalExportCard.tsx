import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconFileDownload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { exportStatus } from '../../../contracts/fhir';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, isApiError } from '../../lib/api';
import { useMe } from '../../lib/session';
import { ExportResult } from './ExportResult';
import { type ExportStatus, exportStatusKey, isRunning, useExportStatus } from './export-query';

/**
 * The patient's right of access: their whole record as FHIR files and a readable PDF. The job's id is kept
 * for this browser tab, so leaving the page and coming back finds the same export (files last a day).
 */
const storageKey = (userId: string) => `liminal.portal-export.${userId}`;
const statusUrl = (jobId: string) => `/api/portal/export/${jobId}`;

function remembered(userId: string | undefined): string | null {
  if (!userId) return null;
  try {
    return sessionStorage.getItem(storageKey(userId));
  } catch {
    return null;
  }
}

function remember(userId: string, jobId: string | null) {
  try {
    if (jobId) sessionStorage.setItem(storageKey(userId), jobId);
    else sessionStorage.removeItem(storageKey(userId));
  } catch {
    // Private browsing may refuse storage: the export still works, it is just not found again later.
  }
}

export function PortalExportCard() {
  const userId = useMe().data?.user.id;
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(() => remembered(userId));
  const url = jobId ? statusUrl(jobId) : null;
  const status = useExportStatus(url);

  // A remembered export that has expired (or belongs to an earlier sign-in) is simply forgotten.
  const gone = isApiError(status.error) && status.error.status === 404;
  useEffect(() => {
    if (gone && userId) {
      remember(userId, null);
      setJobId(null);
    }
  }, [gone, userId]);

  const start = useMutation({
    mutationFn: () => api.post('/api/portal/export', {}, { schema: exportStatus }),
    onSuccess: (job: ExportStatus) => {
      queryClient.setQueryData(exportStatusKey(statusUrl(job.id)), job);
      if (userId) remember(userId, job.id);
      setJobId(job.id);
    },
  });

  const current = gone ? undefined : status.data;
  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="section"
      aria-labelledby="export-card-h"
      data-testid="portal-export-card"
    >
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconFileDownload size={24} aria-hidden="true" />
          <Title order={2} size="h4" id="export-card-h">
            Download my record
          </Title>
        </Group>
        <Text>
          You have the right to a copy of everything the clinic holds about you. We put it together for you in
          two forms: a PDF summary you can read or print, and the full record in a standard format you can
          give to another clinic or a health app.
        </Text>
        <Text size="sm" c="dimmed">
          Your record is private. Save the files somewhere only you can open, and share them only with people
          you choose.
        </Text>
        <ErrorAlert error={start.error} title="Could not start the download" />
        {jobId && !gone ? (
          <ExportResult
            status={current}
            error={status.error}
            onCheckAgain={() => void status.refetch()}
            audience="patient"
          />
        ) : null}
        {!isRunning(current) ? (
          <Button
            onClick={() => start.mutate()}
            loading={start.isPending}
            variant={current?.status === 'completed' ? 'default' : 'filled'}
            leftSection={<IconFileDownload size={18} aria-hidden="true" />}
            fullWidth
          >
            {current ? 'Make a new copy' : 'Prepare my record'}
          </Button>
        ) : null}
      </Stack>
    </Card>
  );
}
