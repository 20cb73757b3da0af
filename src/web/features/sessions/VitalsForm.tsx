import { Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { VITAL_SIGNS, VITALS, type Vital, validateReading } from '../../../domain/vitals';
import { localAlerts, ruleFor, type Vitals, vitalLabel, vitalsOf, vitalsText } from './entries';
import { RuleAlert } from './RuleAlert';
import { recordEntry } from './record';
import type { ConsoleState, Entry } from './session-query';

/** "Systolic (mmHg)" */
const fieldLabel = (v: Vital) => `${VITAL_SIGNS[v].fieldLabel} (${VITAL_SIGNS[v].unit})`;

interface Props {
  state: ConsoleState;
  correcting?: Entry;
  onDone: () => void;
}

/**
 * Vital signs in one form with a numeric keypad. The clinic's rules are checked as the values are typed,
 * so a threshold shows the moment it is crossed; implausible numbers (typing slips) are caught here.
 */
export function VitalsForm({ state, correcting, onDone }: Props) {
  const initial = correcting ? vitalsOf(correcting) : {};
  const [values, setValues] = useState<Record<Vital, string>>(
    () =>
      Object.fromEntries(
        VITALS.map((k) => [k, initial[k] !== undefined ? String(initial[k]) : '']),
      ) as Record<Vital, string>,
  );
  const [errors, setErrors] = useState<Partial<Record<Vital | 'reading', string>>>({});
  const { session } = state;
  const reading: Vitals = {};
  for (const k of VITALS) {
    const t = values[k].trim();
    if (t !== '') reading[k] = Number(t);
  }
  const phase = session.firstDoseAt ? 'in_session' : 'pre_dose';
  const fired = localAlerts(reading, phase, state.rules);

  const submit = () => {
    const problems = validateReading({ ...reading, at: new Date().toISOString() });
    for (const k of VITALS) {
      if (values[k].trim() !== '' && !/^\d{1,3}$/.test(values[k].trim()))
        problems.push({ field: k, message: `${vitalLabel(k)}: enter whole numbers only.` });
    }
    if (problems.length) {
      setErrors(Object.fromEntries(problems.map((p) => [p.field, p.message])));
      return;
    }
    recordEntry(
      session.patientId,
      session.id,
      { kind: 'vitals', vitals: reading },
      `Vitals: ${vitalsText(reading)}`,
      correcting?.id,
    );
    onDone();
  };

  return (
    <form
      noValidate
      aria-label={correcting ? 'Correct vital signs' : 'Record vital signs'}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack>
        <Text c="dimmed">
          {phase === 'pre_dose' ? 'Before the dose.' : 'During the session.'} Leave out what was not measured.
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="md">
          {VITALS.map((k, i) => (
            <TextInput
              key={k}
              label={fieldLabel(k)}
              inputMode="numeric"
              pattern="[0-9]*"
              autoComplete="off"
              size="xl"
              data-autofocus={i === 0 ? true : undefined}
              styles={{ input: { fontSize: '1.75rem', fontVariantNumeric: 'tabular-nums', fontWeight: 600 } }}
              value={values[k]}
              error={errors[k]}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setValues((prev) => ({ ...prev, [k]: v }));
                setErrors((prev) => ({ ...prev, [k]: undefined, reading: undefined }));
              }}
            />
          ))}
        </SimpleGrid>
        {errors.reading ? (
          <Text c="var(--mantine-color-error)" role="alert">
            {errors.reading}
          </Text>
        ) : null}
        {fired.length ? (
          <Stack gap="sm" aria-live="polite">
            {fired.map((f) => (
              <RuleAlert
                key={f.ruleId}
                fired={f}
                rule={ruleFor(state.rules, f.ruleId)}
                route={session.route}
                local
              />
            ))}
          </Stack>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" size="lg" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" size="lg">
            {correcting ? 'Save correction' : 'Save vitals'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
