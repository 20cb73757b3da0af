import {
  Alert,
  Button,
  Card,
  Checkbox,
  Code,
  FileButton,
  Group,
  List,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { importResult } from '../../../contracts/measures';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api, type FieldError, isApiError } from '../../lib/api';
import { notify } from '../../lib/notify';
import { instrumentsKey } from './measures-query';

type Field = 'questionnaire' | 'scoring' | 'attestedBy' | 'text' | 'confirmed';

/** Which input a server path belongs to: `scoring.bands[2].max` → scoring, `licenceAttestation.text` → text. */
function fieldOf(path: string): Field[] {
  const p = path.replace(/^body\./, '');
  if (p.startsWith('questionnaire')) return ['questionnaire'];
  if (p.startsWith('scoring')) return ['scoring'];
  if (p === 'licenceAttestation.attestedBy') return ['attestedBy'];
  if (p === 'licenceAttestation.text') return ['text'];
  if (p.startsWith('licenceAttestation')) return ['attestedBy', 'text'];
  return [];
}

function parseJson(s: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!s.trim()) return { ok: false, message: 'Paste the JSON or upload the file' };
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch (e) {
    return {
      ok: false,
      message: `This is not valid JSON: ${e instanceof Error ? e.message : 'parse error'}`,
    };
  }
}

function JsonField({
  label,
  description,
  value,
  error,
  onChange,
}: {
  label: string;
  description: string;
  value: string;
  error?: string;
  onChange: (v: string) => void;
}) {
  return (
    <Stack gap={6}>
      <Textarea
        label={label}
        description={description}
        required
        autosize
        minRows={6}
        maxRows={16}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        spellCheck={false}
      />
      <Group>
        <FileButton accept="application/json,.json" onChange={(f) => void f?.text().then(onChange)}>
          {(props) => (
            <Button
              {...props}
              variant="default"
              size="sm"
              mih={44}
              leftSection={<IconUpload size={16} aria-hidden="true" />}
            >
              Upload {label.toLowerCase()} file
            </Button>
          )}
        </FileButton>
      </Group>
    </Stack>
  );
}

/**
 * Importing a licensed instrument: its FHIR Questionnaire, its scoring definition, and the clinic's licence
 * attestation. The server checks everything and keeps nothing unless all of it is right; each problem is
 * listed with its JSON path and shown on the field it belongs to.
 */
export function ImportInstrumentForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [questionnaire, setQuestionnaire] = useState('');
  const [scoring, setScoring] = useState('');
  const [attestedBy, setAttestedBy] = useState('');
  const [text, setText] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [serverErrors, setServerErrors] = useState<FieldError[]>([]);

  const save = useMutation({
    mutationFn: (body: unknown) => api.post('/api/admin/instruments/import', body, { schema: importResult }),
    onSuccess: (r) => {
      notify({
        color: 'green',
        title: 'Instrument imported',
        message: `${r.instrument.name} version ${r.instrument.version} can now be assigned.`,
      });
      void queryClient.invalidateQueries({ queryKey: instrumentsKey });
      onDone();
    },
    onError: (e) => {
      const list = isApiError(e) ? e.fieldErrors : [];
      setServerErrors(list);
      const next: Partial<Record<Field, string>> = {};
      for (const fe of list)
        for (const f of fieldOf(fe.field)) next[f] ??= `${fe.field.replace(/^body\./, '')}: ${fe.message}`;
      setErrors(next);
    },
  });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setServerErrors([]);
    const q = parseJson(questionnaire);
    const s = parseJson(scoring);
    const next: Partial<Record<Field, string>> = {};
    if (!q.ok) next.questionnaire = q.message;
    if (!s.ok) next.scoring = s.message;
    if (!attestedBy.trim()) next.attestedBy = 'Write who attests: name and role';
    if (!text.trim()) next.text = 'Write the licence statement (licence holder, number, scope)';
    if (!confirmed) next.confirmed = 'Confirm that the clinic holds a licence';
    setErrors(next);
    if (Object.keys(next).length || !q.ok || !s.ok) return;
    save.mutate({
      questionnaire: q.value,
      scoring: s.value,
      licenceAttestation: { attestedBy: attestedBy.trim(), text: text.trim() },
    });
  };

  return (
    <Card
      withBorder
      radius="md"
      padding="lg"
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="import-h"
      data-testid="import-form"
    >
      <Stack gap="md">
        <Title order={2} size="h3" id="import-h">
          Import a licensed instrument
        </Title>
        {serverErrors.length ? (
          <Alert
            color="red"
            variant="light"
            role="alert"
            icon={<IconAlertCircle aria-hidden="true" />}
            title="Nothing was imported. Fix these and try again:"
            data-testid="import-errors"
          >
            <List size="sm" spacing={4}>
              {serverErrors.map((fe) => (
                <List.Item key={`${fe.field}-${fe.message}`}>
                  <Code>{fe.field.replace(/^body\./, '') || '(whole file)'}</Code> — {fe.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <ErrorAlert error={save.error} />
        )}
        <JsonField
          label="Questionnaire"
          description="A FHIR R4 Questionnaire: choice items whose answer options carry numeric values (ordinalValue)."
          value={questionnaire}
          error={errors.questionnaire}
          onChange={setQuestionnaire}
        />
        <JsonField
          label="Scoring"
          description="The scoring definition: version, scored items, severity bands with their source, response/remission rules and safety flags."
          value={scoring}
          error={errors.scoring}
          onChange={setScoring}
        />
        <TextInput
          label="Attested by"
          description="Name and role, e.g. Dr A. Admin, medical director"
          required
          value={attestedBy}
          onChange={(e) => setAttestedBy(e.currentTarget.value)}
          error={errors.attestedBy}
          maw={520}
        />
        <Textarea
          label="Licence statement"
          description="Who holds the licence, its number and what it covers (electronic use)."
          required
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={errors.text}
        />
        <Checkbox
          label="I attest that the clinic holds a current licence for electronic use of this instrument"
          checked={confirmed}
          onChange={(e) => setConfirmed(e.currentTarget.checked)}
          error={errors.confirmed}
          size="md"
        />
        <Text size="sm" c="dimmed">
          The attestation is recorded with your name and the time, and shown with the instrument. A version,
          once imported, is never replaced: import a new version instead.
        </Text>
        <Group>
          <Button type="submit" loading={save.isPending}>
            Import
          </Button>
          <Button variant="default" onClick={onDone} disabled={save.isPending}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
