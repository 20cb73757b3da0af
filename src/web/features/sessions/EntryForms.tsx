import {
  Button,
  Group,
  NativeSelect,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { MOAAS_SCALE } from '../../../domain/vitals';
import { KIND_LABELS, kindPhrase, SIDE_EFFECT_OPTIONS, sideEffectLabel } from './entries';
import { recordEntry } from './record';
import type { Entry, SessionState } from './session-query';

interface Props {
  session: SessionState;
  correcting?: Entry;
  onDone: () => void;
}

function Frame({
  label,
  children,
  onDone,
  ok,
}: {
  label: string;
  children: ReactNode;
  onDone: () => void;
  ok: () => boolean;
}) {
  return (
    <form
      noValidate
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        if (ok()) onDone();
      }}
    >
      <Stack>
        {children}
        <Group justify="flex-end">
          <Button variant="default" size="lg" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" size="lg">
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const title = (kind: string, correcting?: Entry) =>
  `${correcting ? 'Correct' : 'Record'} ${kindPhrase(kind)}`;

/** Sedation on the MOAA/S scale (Chernik 1990): each score with its description, big enough to tap. */
export function SedationForm({ session, correcting, onDone }: Props) {
  const [score, setScore] = useState<string>(correcting ? String(correcting.data.moaas) : '');
  const [error, setError] = useState<string | null>(null);
  return (
    <Frame
      label={title('sedation', correcting)}
      onDone={onDone}
      ok={() => {
        if (score === '') {
          setError('Choose a score');
          return false;
        }
        recordEntry(
          session.patientId,
          session.id,
          { kind: 'sedation', moaas: Number(score) },
          `Sedation: MOAA/S ${score}`,
          correcting?.id,
        );
        return true;
      }}
    >
      <Radio.Group label="MOAA/S score" value={score} onChange={setScore} error={error} required>
        <Stack gap="xs" mt="xs">
          {MOAAS_SCALE.map((l) => (
            <Radio
              key={l.score}
              value={String(l.score)}
              size="lg"
              label={<Text fw={600}>{l.score}</Text>}
              description={l.description}
            />
          ))}
        </Stack>
      </Radio.Group>
    </Frame>
  );
}

const LEVELS = ['none', 'mild', 'moderate', 'severe'];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace('_', '-');

export function DissociationForm({ session, correcting, onDone }: Props) {
  const [level, setLevel] = useState(correcting ? String(correcting.data.level) : 'none');
  return (
    <Frame
      label={title('dissociation', correcting)}
      onDone={onDone}
      ok={() => {
        recordEntry(
          session.patientId,
          session.id,
          { kind: 'dissociation', level },
          `Dissociation: ${level}`,
          correcting?.id,
        );
        return true;
      }}
    >
      <Text id="dissociation-label" fw={600}>
        Dissociation, as rated by the clinician
      </Text>
      <SegmentedControl
        aria-labelledby="dissociation-label"
        size="lg"
        fullWidth
        value={level}
        onChange={setLevel}
        data={LEVELS.map((l) => ({ value: l, label: cap(l) }))}
      />
    </Frame>
  );
}

export function SideEffectForm({ session, onDone }: Props) {
  const [effect, setEffect] = useState('nausea');
  const [severity, setSeverity] = useState('mild');
  const [note, setNote] = useState('');
  return (
    <Frame
      label="Record side effect"
      onDone={onDone}
      ok={() => {
        recordEntry(
          session.patientId,
          session.id,
          { kind: 'side_effect', effect, severity, ...(note.trim() ? { note: note.trim() } : {}) },
          `Side effect: ${sideEffectLabel(effect)}, ${severity}`,
        );
        return true;
      }}
    >
      <NativeSelect
        size="lg"
        label="Side effect"
        data={SIDE_EFFECT_OPTIONS}
        value={effect}
        onChange={(e) => setEffect(e.currentTarget.value)}
      />
      <Text id="se-severity" fw={600}>
        Severity
      </Text>
      <SegmentedControl
        aria-labelledby="se-severity"
        size="lg"
        fullWidth
        value={severity}
        onChange={setSeverity}
        data={['mild', 'moderate', 'severe'].map((v) => ({ value: v, label: cap(v) }))}
      />
      <Textarea
        label="Note (optional)"
        autosize
        minRows={2}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
      />
    </Frame>
  );
}

function TextEntry({
  session,
  correcting,
  onDone,
  kind,
  field,
  label,
}: Props & { kind: 'intervention' | 'observation'; field: 'what' | 'text'; label: string }) {
  const [text, setText] = useState(correcting ? String(correcting.data[field] ?? '') : '');
  const [error, setError] = useState<string | null>(null);
  return (
    <Frame
      label={title(kind, correcting)}
      onDone={onDone}
      ok={() => {
        if (!text.trim()) {
          setError('Write what happened');
          return false;
        }
        recordEntry(
          session.patientId,
          session.id,
          { kind, [field]: text.trim() },
          `${KIND_LABELS[kind]}: ${text.trim().slice(0, 60)}`,
          correcting?.id,
        );
        return true;
      }}
    >
      {kind === 'intervention' ? (
        <TextInput
          size="lg"
          label={label}
          data-autofocus
          value={text}
          error={error}
          onChange={(e) => setText(e.currentTarget.value)}
        />
      ) : (
        <Textarea
          size="lg"
          label={label}
          data-autofocus
          autosize
          minRows={3}
          value={text}
          error={error}
          onChange={(e) => setText(e.currentTarget.value)}
        />
      )}
    </Frame>
  );
}

export const InterventionForm = (p: Props) => (
  <TextEntry
    {...p}
    kind="intervention"
    field="what"
    label="What was done (e.g. eye mask offered, antiemetic given)"
  />
);
export const ObservationForm = (p: Props) => (
  <TextEntry {...p} kind="observation" field="text" label="Observation" />
);

export function AdverseEventForm({ session, onDone }: Props) {
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState('mild');
  const [outcome, setOutcome] = useState('resolved');
  const [error, setError] = useState<string | null>(null);
  return (
    <Frame
      label="Record adverse event"
      onDone={onDone}
      ok={() => {
        if (!description.trim()) {
          setError('Describe the event');
          return false;
        }
        recordEntry(
          session.patientId,
          session.id,
          { kind: 'adverse_event', description: description.trim(), severity, outcome },
          `Adverse event: ${description.trim().slice(0, 60)}`,
        );
        return true;
      }}
    >
      <Textarea
        size="lg"
        label="What happened"
        data-autofocus
        autosize
        minRows={3}
        value={description}
        error={error}
        onChange={(e) => setDescription(e.currentTarget.value)}
      />
      <Text id="ae-severity" fw={600}>
        Severity
      </Text>
      <SegmentedControl
        aria-labelledby="ae-severity"
        size="lg"
        fullWidth
        value={severity}
        onChange={setSeverity}
        data={['mild', 'moderate', 'severe', 'life_threatening'].map((v) => ({ value: v, label: cap(v) }))}
      />
      <Text id="ae-outcome" fw={600}>
        Outcome
      </Text>
      <SegmentedControl
        aria-labelledby="ae-outcome"
        size="lg"
        fullWidth
        value={outcome}
        onChange={setOutcome}
        data={['resolved', 'ongoing', 'transferred'].map((v) => ({ value: v, label: cap(v) }))}
      />
    </Frame>
  );
}
