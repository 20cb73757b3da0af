import { Alert, Group, Switch, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { confidentialState } from '../../../contracts/emergency';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { confidentialKey, useConfidential } from './emergency-query';

/**
 * The confidential mark, in the care-team tab: a confidential chart opens only for its care team (other staff
 * need emergency access). Only a care-team member who may edit the record can change it.
 */
export function ConfidentialControl({ patientId }: { patientId: string }) {
  const queryClient = useQueryClient();
  const state = useConfidential(patientId);
  const set = useMutation({
    mutationFn: (confidential: boolean) =>
      api.put(
        `/api/patients/${encodeURIComponent(patientId)}/confidential`,
        { confidential },
        { schema: confidentialState },
      ),
    onSuccess: (next) => queryClient.setQueryData(confidentialKey(patientId), next),
  });
  const s = state.data;
  if (!s) return <ErrorAlert error={state.error} title="Could not load the confidential setting" />;
  return (
    <Alert
      color={s.confidential ? 'orange' : 'gray'}
      variant="light"
      icon={<IconLock aria-hidden="true" />}
      title="Confidential record"
    >
      <Group justify="space-between" align="center" gap="sm">
        <Text size="sm">
          {s.confidential
            ? `Only the care team can open this chart; other staff need emergency access, which is flagged and reported to admins.${s.setBy ? ` Marked by ${s.setBy.name}${s.setAt ? ` on ${formatDateTime(s.setAt)}` : ''}.` : ''}`
            : 'Every clinician of the clinic can open this chart. Mark it confidential to limit it to the care team.'}
        </Text>
        {s.canChange ? (
          <Switch
            label="Confidential"
            checked={s.confidential}
            disabled={set.isPending}
            onChange={(e) => set.mutate(e.currentTarget.checked)}
          />
        ) : null}
      </Group>
      <ErrorAlert error={set.error} />
    </Alert>
  );
}
