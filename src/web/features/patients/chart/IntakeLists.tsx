import {
  ActionIcon,
  Badge,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import { IconAlertTriangle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { diagnosisSchema } from '../../../../contracts/patients';
import { MEDICATION_CLASSES } from '../../../../domain/screening/types';
import { NO_CLIP } from '../../../components/badges';
import { ICD10_SHORT_LIST } from '../icd10';
import { MED_CLASS_CONCERNS, MED_CLASS_LABELS } from '../labels';
import { type IntakeValues, interactingClassOf } from './intake';

type Form = UseFormReturnType<IntakeValues>;

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color="gray" aria-label={label} onClick={onClick}>
        <IconTrash size={18} aria-hidden="true" />
      </ActionIcon>
    </Tooltip>
  );
}

const SHORT_LIST_OPTIONS = ICD10_SHORT_LIST.map((d) => ({
  value: d.code,
  label: `${d.code} — ${d.display}`,
}));

/** Diagnoses: pick from the shipped short list, or type any ICD-10-CM code with its description. */
export function DiagnosesEditor({ form }: { form: Form }) {
  const rows = form.getValues().diagnoses;
  const [pick, setPick] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [display, setDisplay] = useState('');
  const [freeError, setFreeError] = useState<string | null>(null);
  const has = (c: string) => rows.some((r) => r.code.toUpperCase() === c.toUpperCase());

  const addPicked = (value: string | null) => {
    const d = ICD10_SHORT_LIST.find((x) => x.code === value);
    if (d && !has(d.code)) form.insertListItem('diagnoses', { ...d });
    setPick(null);
  };
  const addFree = () => {
    const parsed = diagnosisSchema.safeParse({ code: code.trim().toUpperCase(), display });
    if (!parsed.success) {
      setFreeError(parsed.error.issues[0]?.message ?? 'Check the code and description');
      return;
    }
    if (has(parsed.data.code)) {
      setFreeError('This code is already listed');
      return;
    }
    form.insertListItem('diagnoses', parsed.data);
    setCode('');
    setDisplay('');
    setFreeError(null);
  };

  return (
    <Fieldset legend="Diagnoses (ICD-10-CM)" radius="md">
      <Stack gap="sm">
        {rows.length === 0 ? (
          <Text c="dimmed" size="sm">
            None recorded.
          </Text>
        ) : null}
        {rows.map((d, i) => (
          <Group key={d.code} gap="sm" wrap="nowrap" align="flex-start" data-testid="diagnosis-row">
            <Text ff="monospace" fw={600} miw={72} mt={10}>
              {d.code}
            </Text>
            <TextInput
              aria-label={`Description for ${d.code}`}
              style={{ flex: 1 }}
              {...form.getInputProps(`diagnoses.${i}.display`)}
              error={form.errors[`diagnoses.${i}.display`] ?? form.errors[`diagnoses.${i}.code`]}
            />
            <RemoveButton label={`Remove ${d.code}`} onClick={() => form.removeListItem('diagnoses', i)} />
          </Group>
        ))}
        <Select
          size="md"
          label="Add from the common list"
          placeholder="Depression, anxiety, PTSD, OCD, suicidal ideation"
          data={SHORT_LIST_OPTIONS.filter((o) => !has(o.value))}
          searchable
          value={pick}
          onChange={addPicked}
          nothingFoundMessage="Not in the short list: type the code below"
          comboboxProps={{ withinPortal: true }}
        />
        <Group gap="sm" align="flex-start" wrap="wrap">
          <TextInput
            label="Other code"
            placeholder="F43.12"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            w={140}
            error={freeError ? ' ' : undefined}
          />
          <TextInput
            label="Description"
            value={display}
            onChange={(e) => setDisplay(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            error={freeError}
          />
          <Button
            variant="default"
            mt={{ base: 0, sm: 27 }}
            onClick={addFree}
            leftSection={<IconPlus size={16} aria-hidden="true" />}
          >
            Add code
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

const CLASS_OPTIONS = [
  { value: '', label: 'From the name' },
  ...MEDICATION_CLASSES.map((c) => ({ value: c, label: MED_CLASS_LABELS[c] })),
];

/** Current medicines. One that belongs to an interacting class is flagged with the class, as the screen reads it. */
export function MedicationsEditor({ form }: { form: Form }) {
  const rows = form.getValues().medications;
  return (
    <Fieldset legend="Current medications" radius="md">
      <Stack gap="sm">
        {rows.length === 0 ? (
          <Text c="dimmed" size="sm">
            None recorded. Add each medicine, including ones taken as needed.
          </Text>
        ) : null}
        {rows.map((m, i) => {
          const cls = interactingClassOf(m);
          return (
            <Stack key={m.key} gap={4} data-testid="medication-row">
              <Group gap="sm" align="flex-start" wrap="wrap">
                <TextInput
                  label="Medicine"
                  required
                  style={{ flex: 2, minWidth: 180 }}
                  {...form.getInputProps(`medications.${i}.name`)}
                />
                <TextInput
                  label="Dose"
                  placeholder="e.g. 0.5 mg at night"
                  style={{ flex: 2, minWidth: 160 }}
                  {...form.getInputProps(`medications.${i}.dose`)}
                />
                <NativeSelect
                  label="Interacting class"
                  size="md"
                  data={CLASS_OPTIONS}
                  style={{ flex: 1, minWidth: 180 }}
                  {...form.getInputProps(`medications.${i}.medClass`)}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={27}
                  aria-label={`Remove ${m.name || 'this medicine'}`}
                  onClick={() => form.removeListItem('medications', i)}
                >
                  <IconTrash size={18} aria-hidden="true" />
                </ActionIcon>
              </Group>
              {cls ? (
                <Group gap={6} wrap="nowrap">
                  <Badge
                    color="yellow"
                    variant="light"
                    leftSection={<IconAlertTriangle size={12} aria-hidden="true" />}
                    styles={NO_CLIP}
                    data-testid="interaction-flag"
                  >
                    Interacts: {MED_CLASS_LABELS[cls]}
                  </Badge>
                  <Text size="sm" c="dimmed">
                    {MED_CLASS_CONCERNS[cls]}
                  </Text>
                </Group>
              ) : null}
            </Stack>
          );
        })}
        <Button
          variant="default"
          style={{ alignSelf: 'flex-start' }}
          leftSection={<IconPlus size={16} aria-hidden="true" />}
          onClick={() =>
            form.insertListItem('medications', { key: randomId(), name: '', dose: '', medClass: '' })
          }
        >
          Add a medicine
        </Button>
      </Stack>
    </Fieldset>
  );
}

export function AllergiesEditor({ form }: { form: Form }) {
  const rows = form.getValues().allergies;
  return (
    <Fieldset legend="Allergies" radius="md">
      <Stack gap="sm">
        {rows.length === 0 ? (
          <Text c="dimmed" size="sm">
            No allergies recorded.
          </Text>
        ) : null}
        {rows.map((a, i) => (
          <Group key={a.key} gap="sm" align="flex-start" wrap="wrap">
            <TextInput
              label="Substance"
              required
              style={{ flex: 1, minWidth: 180 }}
              {...form.getInputProps(`allergies.${i}.substance`)}
            />
            <TextInput
              label="Reaction"
              style={{ flex: 2, minWidth: 200 }}
              {...form.getInputProps(`allergies.${i}.reaction`)}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              mt={27}
              aria-label={`Remove ${a.substance || 'this allergy'}`}
              onClick={() => form.removeListItem('allergies', i)}
            >
              <IconTrash size={18} aria-hidden="true" />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="default"
          style={{ alignSelf: 'flex-start' }}
          leftSection={<IconPlus size={16} aria-hidden="true" />}
          onClick={() => form.insertListItem('allergies', { key: randomId(), substance: '', reaction: '' })}
        >
          Add an allergy
        </Button>
      </Stack>
    </Fieldset>
  );
}
