import { Button, Checkbox, Group, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { SIDE_EFFECTS } from '../../../contracts/sessions';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError } from '../../lib/api';
import { ScaleInput, YesNo } from './inputs';
import { type AtHomeSession, sendPatient } from './patient-api';
import { sideEffectLabel } from './words';

type SideEffect = (typeof SIDE_EFFECTS)[number];
export const OWN_RATING = 'Liminal’s own rating, not a validated scale.';

interface Values {
  settled: boolean | null;
  sideEffects: SideEffect[];
  dissociation: number | null;
  experience: number | null;
  doseLeft: boolean | null;
  remainingTroches: string;
  note: string;
}
type Errors = Partial<Record<keyof Values, string>>;

/** The side effects on the clinic's list, as large tick boxes. */
export function SideEffectsInput({
  value,
  onChange,
  label,
  description = 'Tick any you have had. Leave them all empty if none.',
}: {
  value: SideEffect[];
  onChange: (v: SideEffect[]) => void;
  label: string;
  description?: string;
}) {
  return (
    <Checkbox.Group
      label={label}
      description={description}
      value={value}
      onChange={(v) => onChange(v as SideEffect[])}
      labelProps={{ fw: 600, size: 'md' }}
    >
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={6} mt="xs">
        {SIDE_EFFECTS.map((e) => (
          <Checkbox.Card key={e} value={e} radius="md" px="md" py="sm" mih={48} className="answer-card">
            <Group wrap="nowrap" gap="sm">
              <Checkbox.Indicator />
              <Text size="md">{sideEffectLabel(e)}</Text>
            </Group>
          </Checkbox.Card>
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

/**
 * The patient's check-out: feeling settled, side effects from the clinic's list, dissociation and experience
 * (0–10, Liminal's own rating, said so), whether any of the dose is left, and the troches counted now.
 */
export function CheckoutForm({ session }: { session: AtHomeSession }) {
  const [v, setV] = useState<Values>({
    settled: null,
    sideEffects: [],
    dissociation: null,
    experience: null,
    doseLeft: null,
    remainingTroches: '',
    note: '',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Values>(k: K, value: Values[K]) => {
    setV({ ...v, [k]: value });
    if (errors[k]) setErrors({ ...errors, [k]: undefined });
  };

  const submit = async () => {
    const e: Errors = {};
    if (v.settled === null) e.settled = 'Answer yes or no';
    if (v.dissociation === null) e.dissociation = 'Choose a number from 0 to 10';
    if (v.experience === null) e.experience = 'Choose a number from 0 to 10';
    if (v.doseLeft === null) e.doseLeft = 'Answer yes or no';
    if (!/^\d{1,4}$/.test(v.remainingTroches.trim()))
      e.remainingTroches = 'Count your troches and enter the number';
    setErrors(e);
    if (Object.keys(e).length) {
      document.querySelector<HTMLElement>('[data-error="true"], [aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await sendPatient(session.id, {
        method: 'POST',
        path: '/check-out',
        body: {
          settled: v.settled,
          sideEffects: v.sideEffects,
          dissociation: v.dissociation,
          experience: v.experience,
          doseLeft: v.doseLeft,
          remainingTroches: Number(v.remainingTroches.trim()),
          ...(v.note.trim() ? { note: v.note.trim() } : {}),
        },
        label: 'Your check-out',
        answers: 'check_out',
      });
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length) {
        const placed: Errors = {};
        for (const f of err.fieldErrors) {
          const k = f.field.replace(/^body\./, '') as keyof Values;
          if (k in v) placed[k] = f.message;
        }
        setErrors(placed);
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="lg" component="section" aria-labelledby="checkout-h" data-testid="checkout-form">
      <Title order={2} size="h3" id="checkout-h">
        Check out
      </Title>
      <YesNo
        name="settled"
        label="Do you feel settled and back to yourself?"
        value={v.settled}
        onChange={(x) => set('settled', x)}
        error={errors.settled}
      />
      <SideEffectsInput label="Side effects" value={v.sideEffects} onChange={(x) => set('sideEffects', x)} />
      <ScaleInput
        name="dissociation"
        label="How detached or unreal did you feel? (dissociation)"
        description={OWN_RATING}
        low="not at all"
        high="extremely"
        value={v.dissociation}
        onChange={(x) => set('dissociation', x)}
        error={errors.dissociation}
      />
      <ScaleInput
        name="experience"
        label="How was the experience overall?"
        description={OWN_RATING}
        low="very difficult"
        high="very good"
        value={v.experience}
        onChange={(x) => set('experience', x)}
        error={errors.experience}
      />
      <YesNo
        name="doseLeft"
        label="Is any of today’s dose left (not taken, or spat out)?"
        value={v.doseLeft}
        onChange={(x) => set('doseLeft', x)}
        error={errors.doseLeft}
      />
      <TextInput
        name="remainingTroches"
        label="How many troches do you have now?"
        description="Count the troches you still hold, including any left from today."
        inputMode="numeric"
        autoComplete="off"
        size="md"
        value={v.remainingTroches}
        onChange={(e) => set('remainingTroches', e.currentTarget.value)}
        error={errors.remainingTroches}
        withAsterisk
      />
      <Textarea
        label="Anything else for your care team (optional)"
        autosize
        minRows={2}
        maxLength={2000}
        value={v.note}
        onChange={(e) => set('note', e.currentTarget.value)}
      />
      <ErrorAlert error={error} title="Your check-out was not sent" />
      <Button size="lg" fullWidth loading={busy} onClick={() => void submit()}>
        Send my check-out
      </Button>
    </Stack>
  );
}
