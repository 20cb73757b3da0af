import {
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { inClinicSignBody, signedResponse } from '../../../contracts/consent';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { api } from '../../lib/api';
import { notify } from '../../lib/notify';
import { ROLE_LABELS } from '../../lib/roles';
import { useMe } from '../../lib/session';
import { type Chart, useStaff } from '../patients/patient-query';
import type { ConsentDocument } from './consent-query';

interface Props {
  opened: boolean;
  onClose: () => void;
  chart: Chart;
  document: ConsentDocument;
}

const check = zodResolver(inClinicSignBody);

/** A paper-style signature taken in the clinic, with a staff witness. Summarises what will be recorded. */
export function InClinicSignModal({ opened, onClose, chart, document: doc }: Props) {
  const queryClient = useQueryClient();
  const me = useMe().data;
  const staff = useStaff(opened);
  const p = chart.patient;
  const form = useForm({
    initialValues: { signedName: `${p.firstName} ${p.lastName}`, witnessUserId: '', attest: false },
    validate: (v) => {
      const errors = check({ documentId: doc.id, signedName: v.signedName, witnessUserId: v.witnessUserId });
      if (!v.witnessUserId) errors.witnessUserId = 'Choose the staff member who saw the patient sign';
      if (!v.attest) errors.attest = 'Confirm before recording';
      return errors;
    },
  });
  const sign = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post(
        `/api/patients/${p.id}/consents`,
        { documentId: doc.id, signedName: v.signedName, witnessUserId: v.witnessUserId },
        { schema: signedResponse },
      ),
    onSuccess: (res) => {
      notify({
        color: 'green',
        title: 'Signature recorded',
        message: `Version ${res.documentVersion} is signed.`,
      });
      void queryClient.invalidateQueries({ queryKey: ['patients', p.id] });
      form.reset();
      onClose();
    },
    onError: (err) => applyServerErrors(form, err),
  });
  const witnesses = [
    { value: '', label: 'Choose a witness' },
    ...(staff.data?.staff ?? []).map((s) => ({
      value: s.id,
      label: `${s.name} (${ROLE_LABELS[s.role] ?? s.role})${s.id === me?.user.id ? ' — you' : ''}`,
    })),
  ];

  return (
    <Modal
      opened={opened}
      onClose={() => !sign.isPending && onClose()}
      title="Record an in-clinic signature"
      size="lg"
      centered
    >
      <form noValidate aria-label="In-clinic signature" onSubmit={form.onSubmit((v) => sign.mutate(v))}>
        <Stack gap="md">
          <Text fw={600}>
            {doc.title} — version {doc.version}
          </Text>
          <Paper withBorder radius="md">
            <ScrollArea
              h={220}
              type="auto"
              p="sm"
              tabIndex={0}
              aria-label={`Text of consent version ${doc.version}`}
            >
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {doc.body}
              </Text>
            </ScrollArea>
          </Paper>
          <ErrorAlert error={sign.error} />
          <TextInput label="Name the patient signed with" required {...form.getInputProps('signedName')} />
          <NativeSelect
            size="md"
            label="Witness"
            required
            data={witnesses}
            {...form.getInputProps('witnessUserId')}
          />
          <Checkbox
            size="md"
            label={`${p.firstName} read version ${doc.version}, had their questions answered, and signed in front of the witness.`}
            {...form.getInputProps('attest', { type: 'checkbox' })}
          />
          <Text size="sm" c="dimmed">
            The signature stores a fingerprint of this exact text; the text of a signed version never changes.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={sign.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={sign.isPending}>
              Record signature
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
