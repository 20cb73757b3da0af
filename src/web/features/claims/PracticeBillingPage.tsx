import {
  Alert,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { practiceBody } from '../../../contracts/claims';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { SaveRow } from '../../components/SaveRow';
import { notify } from '../../lib/notify';
import { type PracticeView, saveClinician, savePractice, usePractice } from './claims-query';

type Values = Omit<PracticeView, 'version' | 'clinicians' | 'visitTypes' | 'missingForClaims'>;

const blank = (v: string | null) => v ?? '';

function toValues(p: PracticeView): Record<keyof Values, unknown> {
  return {
    name: p.name,
    addressLine1: blank(p.addressLine1),
    addressLine2: blank(p.addressLine2),
    city: blank(p.city),
    state: blank(p.state),
    postalCode: blank(p.postalCode),
    phone: blank(p.phone),
    taxId: p.taxId ? `${p.taxId.slice(0, 2)}-${p.taxId.slice(2)}` : '',
    npi: blank(p.npi),
    taxonomy: blank(p.taxonomy),
    submitterId: blank(p.submitterId),
    receiverName: blank(p.receiverName),
    receiverId: blank(p.receiverId),
    contactName: blank(p.contactName),
    usage: p.usage,
    superbillDetail: Object.fromEntries(p.visitTypes.map((t) => [t.id, t.detail])),
  };
}

/** One clinician's NPI row: typed NPI kept on error, the field named by the server. */
function ClinicianRow({ c }: { c: PracticeView['clinicians'][number] }) {
  const [npi, setNpi] = useState(c.npi ?? '');
  const [taxonomy, setTaxonomy] = useState(c.taxonomy ?? '');
  const [credentials, setCredentials] = useState(c.credentials ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      await saveClinician(c.userId, { npi, taxonomy, credentials });
      notify({ message: `${c.name}’s NPI saved`, color: 'green' });
    } catch (err) {
      const fe = (err as { fieldErrors?: { field: string; message: string }[] }).fieldErrors ?? [];
      setErrors(Object.fromEntries(fe.map((f) => [f.field, f.message])));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600}>{c.name}</Text>
        <Text size="sm" c="dimmed">
          {c.role === 'prescriber' ? 'Prescriber' : c.role === 'nurse' ? 'Nurse' : 'Therapist'}
        </Text>
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={`NPI of ${c.name}`}
          value={npi}
          onChange={(e) => setNpi(e.currentTarget.value)}
          error={errors.npi}
          inputMode="numeric"
          maxLength={10}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={`Taxonomy of ${c.name}`}
          value={taxonomy}
          onChange={(e) => setTaxonomy(e.currentTarget.value)}
          error={errors.taxonomy}
          maxLength={10}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={`Credentials of ${c.name}`}
          value={credentials}
          onChange={(e) => setCredentials(e.currentTarget.value)}
          error={errors.credentials}
          maxLength={20}
        />
      </Table.Td>
      <Table.Td>
        <Button size="xs" variant="light" loading={saving} onClick={save}>
          Save
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The practice's billing identity (issue #22): what superbills and the 837P say about the practice, the
 * clinicians' NPIs, and per visit type how many codes a superbill lists. Admin only.
 */
export default function PracticeBillingPage() {
  const q = usePractice();
  const form = useForm<Record<string, unknown>>({ initialValues: {}, validate: zodResolver(practiceBody) });
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const p = q.data;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the form when the saved version changes
  useEffect(() => {
    if (p) {
      form.setValues(toValues(p));
      form.resetDirty(toValues(p));
    }
  }, [p?.version]);
  if (q.isPending) return <Loading label="Loading the billing identity" />;
  if (!p) return <ErrorAlert error={q.error} title="Could not load the billing identity" />;
  const submit = form.onSubmit(async (values) => {
    setSaving(true);
    setError(null);
    try {
      await savePractice(p.version, values);
      notify({ message: 'Billing identity saved', color: 'green' });
    } catch (err) {
      const left = applyServerErrors(form, err);
      if (left === null || left.length > 0) setError(err);
    } finally {
      setSaving(false);
    }
  });
  const field = (name: keyof Values, label: string, extra: Record<string, unknown> = {}) => (
    <TextInput label={label} {...form.getInputProps(name)} {...extra} />
  );
  return (
    <Stack gap="lg">
      <PageTitle>Billing identity</PageTitle>
      <Text>
        What superbills and claim files say about the practice. The clinic owns its coding and its claims:
        check these against your NPPES record and your clearinghouse’s enrolment.
      </Text>
      {p.missingForClaims.length > 0 ? (
        <Alert color="yellow" variant="light" title="Claim files need more">
          Before an 837P can be exported, add {p.missingForClaims.join(', ')}.
        </Alert>
      ) : null}
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <Card withBorder padding="lg" component="section" aria-labelledby="practice-h">
            <Title order={2} size="h4" id="practice-h" mb="sm">
              Practice
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {field('name', 'Practice name', { required: true })}
              {field('phone', 'Phone')}
              {field('addressLine1', 'Address')}
              {field('addressLine2', 'Address, second line')}
              {field('city', 'City')}
              <SimpleGrid cols={2}>
                {field('state', 'State', { maxLength: 2, description: 'Two letters, e.g. OR' })}
                {field('postalCode', 'ZIP code')}
              </SimpleGrid>
              {field('taxId', 'Tax id (EIN)', { description: 'As 12-3456789' })}
              {field('npi', 'Group NPI', {
                description: 'Ten digits; the last is a check digit',
                inputMode: 'numeric',
              })}
              {field('taxonomy', 'Taxonomy code', { description: 'NUCC code, e.g. 261QM0801X' })}
            </SimpleGrid>
          </Card>
          <Card withBorder padding="lg" component="section" aria-labelledby="edi-h">
            <Title order={2} size="h4" id="edi-h" mb="sm">
              Claim files (837P)
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {field('submitterId', 'Submitter id', {
                description: 'The id your clearinghouse gave the practice',
              })}
              {field('contactName', 'Billing contact')}
              {field('receiverName', 'Clearinghouse name')}
              {field('receiverId', 'Clearinghouse id')}
              <Select
                label="Files are"
                data={[
                  { value: 'T', label: 'Test files (while you test with the clearinghouse)' },
                  { value: 'P', label: 'Production files' },
                ]}
                allowDeselect={false}
                {...form.getInputProps('usage')}
              />
            </SimpleGrid>
          </Card>
          <Card withBorder padding="lg" component="section" aria-labelledby="detail-h">
            <Title order={2} size="h4" id="detail-h" mb="xs">
              How much a superbill lists
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              Out-of-network superbills are best kept to the visit’s main services: “Main services” leaves
              drug and supply items off the page (their fees still count in the total).
            </Text>
            <Stack gap="xs">
              {p.visitTypes.map((t) => (
                <Group key={t.id} justify="space-between" wrap="wrap">
                  <Text id={`detail-${t.id}`}>{t.name}</Text>
                  <SegmentedControl
                    aria-labelledby={`detail-${t.id}`}
                    data={[
                      { value: 'main', label: 'Main services' },
                      { value: 'all', label: 'Every line' },
                    ]}
                    value={(form.values.superbillDetail as Record<string, string>)?.[t.id] ?? 'main'}
                    onChange={(v) => form.setFieldValue(`superbillDetail.${t.id}`, v)}
                  />
                </Group>
              ))}
            </Stack>
          </Card>
          <ErrorAlert error={error} title="Could not save" />
          <SaveRow label="Save billing identity" saving={saving} dirty={form.isDirty()} />
        </Stack>
      </form>
      <Card withBorder padding="lg" component="section" aria-labelledby="npi-h">
        <Title order={2} size="h4" id="npi-h" mb="sm">
          Rendering clinicians
        </Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Clinician</Table.Th>
              <Table.Th>NPI</Table.Th>
              <Table.Th>Taxonomy</Table.Th>
              <Table.Th>Credentials</Table.Th>
              <Table.Th>
                <VisuallyHidden>Save</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.clinicians.map((c) => (
              <ClinicianRow key={c.userId} c={c} />
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
