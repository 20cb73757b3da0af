import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconDownload, IconMail } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, isApiError } from '../../lib/api';
import { localToday } from '../../lib/format';
import { notify } from '../../lib/notify';
import { queryClient } from '../../lib/session';
import { staffSuperbillUrl, useCoverage } from './claims-query';

type Coverage = Record<string, string>;
const EMPTY: Coverage = {
  payerName: '',
  payerId: '',
  memberId: '',
  groupNumber: '',
  filingIndicator: 'CI',
  relationship: '18',
  insuredFirstName: '',
  insuredLastName: '',
  insuredDateOfBirth: '',
  insuredSex: '',
};

/**
 * The chart's insurance and superbills (issue #22), for billing staff: the patient's insurance (what superbills and
 * claim files print), a superbill for a date range to download, and an email to the patient with a link to their
 * superbills in the portal (the email itself names nothing clinical).
 */
export function PatientSuperbillSection({ patientId, canWrite }: { patientId: string; canWrite: boolean }) {
  const q = useCoverage(patientId);
  const [values, setValues] = useState<Coverage>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const year = localToday().slice(0, 4);
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(localToday());
  const [mailError, setMailError] = useState<unknown>(null);
  useEffect(() => {
    const c = q.data?.coverage;
    if (c)
      setValues(
        Object.fromEntries(Object.keys(EMPTY).map((k) => [k, (c as Record<string, string | null>)[k] ?? ''])),
      );
  }, [q.data]);
  const set = (k: string) => (v: string | null) => setValues((old) => ({ ...old, [k]: v ?? '' }));
  const save = async () => {
    setSaving(true);
    setErrors({});
    setError(null);
    try {
      await api.put(`/api/patients/${patientId}/coverage`, values);
      await queryClient.invalidateQueries({ queryKey: ['billing', 'coverage', patientId] });
      notify({ message: 'Insurance saved' });
    } catch (err) {
      if (isApiError(err) && err.fieldErrors.length > 0)
        setErrors(Object.fromEntries(err.fieldErrors.map((f) => [f.field, f.message])));
      else setError(err);
    } finally {
      setSaving(false);
    }
  };
  const email = async () => {
    setMailError(null);
    try {
      const r = await api.post<{ sent: boolean; to: string | null }>(
        `/api/patients/${patientId}/superbill/email`,
        {
          from,
          to,
        },
      );
      notify({ message: `Link sent to ${r.to}` });
    } catch (err) {
      setMailError(err);
    }
  };
  const text = (k: string, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput
      label={label}
      value={values[k] ?? ''}
      onChange={(e) => set(k)(e.currentTarget.value)}
      error={errors[k]}
      readOnly={!canWrite}
      {...extra}
    />
  );
  return (
    <Stack gap="lg">
      <Card withBorder padding="lg" component="section" aria-labelledby="coverage-h">
        <Title order={2} size="h4" id="coverage-h" mb="sm">
          Insurance
        </Title>
        <ErrorAlert error={q.error} title="Could not load the insurance" />
        {q.data && !q.data.coverage ? (
          <Text c="dimmed" mb="sm">
            No insurance on file: superbills leave the insurer blank, and no claim can be sent.
          </Text>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text('payerName', 'Insurer', { required: true })}
          {text('payerId', 'Payer id', { description: 'The insurer’s electronic id, for claim files' })}
          {text('memberId', 'Member id', { required: true })}
          {text('groupNumber', 'Group number')}
          <Select
            label="Kind of plan"
            data={[
              { value: 'CI', label: 'Commercial' },
              { value: 'BL', label: 'Blue Cross / Blue Shield' },
              { value: 'HM', label: 'HMO' },
              { value: 'MB', label: 'Medicare Part B' },
              { value: 'MC', label: 'Medicaid' },
            ]}
            value={values.filingIndicator}
            onChange={set('filingIndicator')}
            error={errors.filingIndicator}
            allowDeselect={false}
            readOnly={!canWrite}
          />
          <Select
            label="The insured is"
            data={[
              { value: '18', label: 'The patient' },
              { value: '01', label: 'The patient’s spouse' },
              { value: '19', label: 'The patient’s parent (patient is the child)' },
              { value: 'G8', label: 'Someone else' },
            ]}
            value={values.relationship}
            onChange={set('relationship')}
            error={errors.relationship}
            allowDeselect={false}
            readOnly={!canWrite}
          />
          {values.relationship !== '18' ? (
            <>
              {text('insuredFirstName', 'Insured’s first name')}
              {text('insuredLastName', 'Insured’s last name')}
              {text('insuredDateOfBirth', 'Insured’s date of birth', { type: 'date' })}
            </>
          ) : null}
        </SimpleGrid>
        <ErrorAlert error={error} title="Could not save the insurance" />
        {canWrite ? (
          <Group mt="md">
            <Button loading={saving} onClick={save}>
              Save insurance
            </Button>
          </Group>
        ) : null}
      </Card>
      <Card withBorder padding="lg" component="section" aria-labelledby="superbill-h">
        <Title order={2} size="h4" id="superbill-h" mb="sm">
          Superbill
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Finalised charges only. The patient can also download their superbills in the portal.
        </Text>
        <Group align="flex-end">
          <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          <Button
            component="a"
            href={staffSuperbillUrl(patientId, { from, to })}
            download="superbill.pdf"
            leftSection={<IconDownload size={18} aria-hidden="true" />}
          >
            Download superbill
          </Button>
          <Button variant="light" onClick={email} leftSection={<IconMail size={18} aria-hidden="true" />}>
            Email the patient a link
          </Button>
        </Group>
        {mailError ? (
          <Alert color="red" variant="light" mt="sm">
            {isApiError(mailError)
              ? (mailError.fieldErrors[0]?.message ?? mailError.detail)
              : 'The email could not be sent.'}
          </Alert>
        ) : null}
      </Card>
    </Stack>
  );
}
