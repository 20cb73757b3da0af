import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormErrors, useForm } from '@mantine/form';
import { IconAlertTriangle, IconKey } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { z } from 'zod';
import { createApiClientBody, createdApiClient } from '../../../contracts/fhir';
import { CopyField } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { Loading } from '../../components/Loading';
import { api } from '../../lib/api';
import { ROLE_LABELS } from '../../lib/roles';
import { useUsers } from '../admin/users-query';
import { apiClientsKey, type ScopeChoices, useScopeChoices } from './api-clients-query';

export type Created = z.infer<typeof createdApiClient>;
type Context = 'system' | 'user' | 'patient';

/** Who the client's data access is bound to (SMART's system/, user/ and patient/ scopes). */
const CONTEXTS: Record<Context, { label: string; description: string }> = {
  system: {
    label: 'The whole clinic',
    description: 'A back-end program (e.g. a reporting or billing system) that reads every patient.',
  },
  user: {
    label: 'As one staff member',
    description: 'Reads only what that person may read; it stops working if their account is disabled.',
  },
  patient: {
    label: 'One patient only',
    description: "Reads a single patient's record and nothing else (e.g. an app the patient uses).",
  },
};

interface Values {
  name: string;
  context: Context;
  scopes: string[];
  userId: string;
  patientId: string;
}

/** The request as the server takes it: only the binding the chosen context needs. */
function toBody(v: Values) {
  return {
    name: v.name,
    scopes: v.scopes,
    ...(v.context === 'user' && v.userId ? { userId: v.userId } : {}),
    ...(v.context === 'patient' && v.patientId.trim() ? { patientId: v.patientId.trim() } : {}),
  };
}

const checkBody = zodResolver(createApiClientBody);
function validate(v: Values): FormErrors {
  const errors = checkBody(toBody(v));
  if (v.context === 'user' && !v.userId) errors.userId = 'Choose the staff member the client acts for';
  if (v.context === 'patient' && !v.patientId.trim()) errors.patientId = "Enter the patient's record id";
  return errors;
}

/** The scope list's error: the whole list's, or the first one the server named by position. */
function scopesError(errors: FormErrors, scopes: string[]): string | undefined {
  if (errors.scopes) return String(errors.scopes);
  for (const [key, message] of Object.entries(errors)) {
    const m = /^scopes\.(\d+)$/.exec(key);
    if (m) return `${scopes[Number(m[1])] ?? 'A scope'}: ${String(message)}`;
  }
  return undefined;
}

const useClientForm = () =>
  useForm<Values>({
    initialValues: { name: '', context: 'system', scopes: [], userId: '', patientId: '' },
    validate,
  });

function KeyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <CopyField
      label={label}
      value={value}
      testId={testId}
      copyAriaLabel={`Copy the ${label.toLowerCase()}`}
      monospace
    />
  );
}

/** The secret, once: only its hash is kept, so there is no way to show it again. */
export function SecretOnce({ created, onDone }: { created: Created; onDone: () => void }) {
  return (
    <Alert
      color="yellow"
      variant="light"
      title={`“${created.client.name}” was created: copy its secret now`}
      icon={<IconAlertTriangle aria-hidden="true" />}
      role="status"
      data-testid="client-secret-panel"
    >
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          You will not see this secret again. Only a fingerprint of it is stored, so nobody (not even an
          administrator) can look it up later. If it is lost, revoke this client and create a new one.
        </Text>
        <KeyField label="Client ID" value={created.client.clientId} testId="client-id" />
        <KeyField label="Client secret" value={created.clientSecret} testId="client-secret" />
        <KeyField label="Token URL" value={created.tokenUrl} testId="token-url" />
        <KeyField label="FHIR base URL" value={created.fhirBaseUrl} testId="fhir-base-url" />
        <Text size="sm">
          The program asks the token URL for a one-hour access token with{' '}
          <Code>grant_type=client_credentials</Code>, sending the client ID and secret, then reads the FHIR
          API with <Code>Authorization: Bearer &lt;token&gt;</Code>.
        </Text>
        <Group>
          <Button onClick={onDone}>I have stored the secret</Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function ScopeFields({ choices, form }: { choices: ScopeChoices; form: ReturnType<typeof useClientForm> }) {
  const { context, scopes } = form.values;
  const staff = useUsers(context === 'user');
  const setContext = (next: string) => {
    const c = next as Context;
    // Keep the chosen resource types, moved to the new context.
    form.setValues({ context: c, scopes: scopes.map((s) => s.replace(/^\w+\//, `${c}/`)) });
    form.clearErrors();
  };
  const options = ['*', ...choices.types];
  return (
    <>
      <Radio.Group label="What the client may see" required value={context} onChange={setContext}>
        <Stack gap="xs" mt="xs">
          {(Object.keys(CONTEXTS) as Context[])
            .filter((c) => choices.contexts.includes(c))
            .map((c) => (
              <Radio key={c} value={c} label={CONTEXTS[c].label} description={CONTEXTS[c].description} />
            ))}
        </Stack>
      </Radio.Group>
      {context === 'user' ? (
        <Select
          label="Staff member"
          placeholder={staff.isPending ? 'Loading staff…' : 'Choose a staff member'}
          required
          searchable
          data={(staff.data?.users ?? [])
            .filter((u) => u.status === 'active')
            .map((u) => ({ value: u.id, label: `${u.name} (${ROLE_LABELS[u.role] ?? u.role})` }))}
          {...form.getInputProps('userId')}
        />
      ) : null}
      {context === 'patient' ? (
        <TextInput
          label="Patient record id"
          description="The id at the end of the patient's chart address (…/app/patients/<id>)"
          autoComplete="off"
          required
          {...form.getInputProps('patientId')}
        />
      ) : null}
      <Checkbox.Group
        label="Resource types it may read (read-only scopes)"
        description="Each choice grants a SMART scope, shown under its name. Nothing is ever writable."
        required
        value={scopes}
        onChange={(v) => {
          form.setFieldValue('scopes', v);
          form.clearFieldError('scopes');
        }}
        error={scopesError(form.errors, scopes)}
      >
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs" mt="xs">
          {options.map((t) => {
            const scope = `${context}/${t}.read`;
            return (
              <Checkbox
                key={t}
                value={scope}
                label={t === '*' ? 'Every resource type' : t}
                description={<Code>{scope}</Code>}
              />
            );
          })}
        </SimpleGrid>
      </Checkbox.Group>
    </>
  );
}

/** Issuing an API client: a name, what it may read, and its secret shown once. */
export function CreateApiClientPanel({
  onCreated,
  onClose,
}: {
  onCreated: (created: Created) => void;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const choices = useScopeChoices();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useClientForm();

  const create = useMutation({
    mutationFn: (v: Values) => api.post('/api/admin/api-clients', toBody(v), { schema: createdApiClient }),
    onSuccess: (res) => {
      onCreated(res);
      setUnplaced(null);
      form.reset();
      void queryClient.invalidateQueries({ queryKey: apiClientsKey });
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });

  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="new-client-h">
      <Stack>
        <Group gap="sm">
          <IconKey size={22} aria-hidden="true" />
          <Title order={2} size="h3" id="new-client-h">
            New API client
          </Title>
        </Group>
        {choices.isPending ? <Loading label="Loading the scopes the server offers" /> : null}
        <ErrorAlert error={choices.error} title="Could not load the scopes the server offers" />
        {choices.data ? (
          <form noValidate aria-label="New API client" onSubmit={form.onSubmit((v) => create.mutate(v))}>
            <Stack>
              {create.error && !(unplaced && unplaced.length === 0) ? (
                <ErrorAlert error={create.error} extra={unplaced} title="Could not create the client" />
              ) : null}
              <TextInput
                label="Name"
                description="What the program is, so the audit log and this list make sense later"
                autoComplete="off"
                required
                maw={480}
                {...form.getInputProps('name')}
              />
              <ScopeFields choices={choices.data} form={form} />
              <Group>
                <Button type="submit" loading={create.isPending}>
                  Create client
                </Button>
                <Button variant="default" onClick={onClose}>
                  Close
                </Button>
              </Group>
            </Stack>
          </form>
        ) : null}
      </Stack>
    </Paper>
  );
}
