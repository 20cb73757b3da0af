import { Alert, Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock, IconUrgent } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  EMERGENCY_REASON_MIN,
  emergencyGrantResponse,
  openEmergencyBody,
} from '../../../contracts/emergency';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { api, isApiError } from '../../lib/api';
import { useMe } from '../../lib/session';
import { myGrantsKey } from './emergency-query';

/**
 * What a refused chart shows (S17). A chart that does not exist and one that is confidential to its care team
 * answer the same (S2), so the screen says both. A user an admin designated may "break the glass": a typed
 * reason opens a time-limited window, every action in it is flagged, and the admins are emailed.
 */
export function EmergencyAccessGate({ patientId, error }: { patientId: string; error: unknown }) {
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm({ initialValues: { reason: '' }, validate: zodResolver(openEmergencyBody) });
  const open = useMutation({
    mutationFn: (v: { reason: string }) =>
      api.post(`/api/patients/${encodeURIComponent(patientId)}/emergency-access`, v, {
        schema: emergencyGrantResponse,
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: myGrantsKey });
      void queryClient.invalidateQueries({ queryKey: ['patients', patientId] });
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });

  const refused = isApiError(error) && error.status === 404;
  if (!refused) return <ErrorAlert error={error} title="Could not open the chart" />;
  const designated = me?.user.canBreakGlass ?? false;

  return (
    <Stack gap="lg" maw={720}>
      <Alert
        color="gray"
        variant="light"
        icon={<IconLock aria-hidden="true" />}
        title="You cannot open this chart"
        role="alert"
      >
        This chart does not exist, or it is confidential and only the patient&rsquo;s care team can open it.
        {designated ? null : ' If you need it in an emergency, ask an admin or a member of the care team.'}
      </Alert>
      {designated && !asking ? (
        <div>
          <Button
            color="red"
            variant="outline"
            leftSection={<IconUrgent size={18} aria-hidden="true" />}
            onClick={() => setAsking(true)}
          >
            Emergency access
          </Button>
        </div>
      ) : null}
      {designated && asking ? (
        <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="break-glass-heading">
          <form noValidate aria-label="Open emergency access" onSubmit={form.onSubmit((v) => open.mutate(v))}>
            <Stack>
              <Title order={2} size="h3" id="break-glass-heading">
                Open emergency access
              </Title>
              <Text size="sm">
                Use this only when the patient needs care now and their care team cannot be reached. Access
                closes by itself after the clinic&rsquo;s time limit, or when you end it. Everything you do in
                the chart meanwhile is flagged in the audit log, and every admin is emailed now.
              </Text>
              {open.error && !(unplaced && unplaced.length === 0) ? (
                <ErrorAlert error={open.error} extra={unplaced} />
              ) : null}
              <Textarea
                label="Why do you need this chart now?"
                description={`At least ${EMERGENCY_REASON_MIN} characters. Admins read this when they review the access.`}
                required
                autosize
                minRows={3}
                maxLength={1000}
                {...form.getInputProps('reason')}
              />
              <div>
                <Button
                  type="submit"
                  color="red"
                  loading={open.isPending}
                  leftSection={<IconUrgent size={18} aria-hidden="true" />}
                >
                  Open emergency access
                </Button>{' '}
                <Button variant="default" onClick={() => setAsking(false)} disabled={open.isPending}>
                  Cancel
                </Button>
              </div>
            </Stack>
          </form>
        </Paper>
      ) : null}
    </Stack>
  );
}
