import { Button, Checkbox, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { PLACES_OF_SERVICE } from '../../../domain/billing';
import { ErrorAlert } from '../../components/ErrorAlert';
import { type Line, useSaveLine } from './billing-query';
import { fieldErrors, placeName, toCents } from './money';

interface Props {
  patientId: string;
  visitId: string;
  /** null: a new line. */
  line: Line | null;
  /** The visit's diagnoses (the claim's A–L), to point at. */
  diagnoses: { code: string; display: string }[];
  opened: boolean;
  onClose: () => void;
}

const FIELD_MAP = {
  code: 'code',
  modifiers: 'modifiers',
  units: 'units',
  unitPriceCents: 'price',
  diagnosisPointers: 'pointers',
  placeOfService: 'placeOfService',
  ndc: 'ndc',
  ndcQuantity: 'ndcQuantity',
  reason: 'reason',
};

/** Edit a proposed line, or add one by hand: what was typed stays when the server points at a field to fix. */
export function LineModal({ patientId, visitId, line, diagnoses, opened, onClose }: Props) {
  const save = useSaveLine(patientId);
  const form = useForm({
    initialValues: {
      code: '',
      modifiers: '',
      units: 1 as number | string,
      price: '' as number | string,
      pointers: [] as string[],
      placeOfService: '11',
      ndc: '',
      ndcQuantity: '' as number | string,
      reason: '',
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the modal opens on another line
  useEffect(() => {
    if (!opened) return;
    save.reset();
    form.setValues({
      code: line?.code ?? '',
      modifiers: line?.modifiers.join(', ') ?? '',
      units: line?.units ?? 1,
      price: line ? line.unitPriceCents / 100 : '',
      pointers: (line?.diagnosisPointers ?? (diagnoses.length ? [1] : [])).map(String),
      placeOfService: line?.placeOfService ?? '11',
      ndc: line?.ndc ?? '',
      ndcQuantity: line?.ndcQuantity ?? '',
      reason: line?.origin === 'manual' ? (line.why ?? '') : '',
    });
    form.clearErrors();
  }, [opened, line?.id]);

  const submit = form.onSubmit((v) => {
    const modifiers = v.modifiers
      .split(/[\s,]+/)
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean);
    save.mutate(
      {
        visitId,
        line,
        values: {
          code: v.code.trim().toUpperCase(),
          modifiers,
          units: Number(v.units),
          unitPriceCents: toCents(v.price),
          diagnosisPointers: v.pointers.map(Number).sort((a, b) => a - b),
          placeOfService: v.placeOfService,
          ndc: v.ndc.trim() || null,
          ndcQuantity: v.ndcQuantity === '' ? null : Number(v.ndcQuantity),
          ...(v.reason.trim() ? { reason: v.reason.trim() } : {}),
        },
      },
      {
        onSuccess: onClose,
        onError: (err) => form.setErrors(fieldErrors(err, FIELD_MAP)),
      },
    );
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={line ? `Edit ${line.code}` : 'Add a charge line'}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group grow align="flex-start">
            <TextInput
              label="Code"
              description="CPT or HCPCS, e.g. 99213"
              required
              {...form.getInputProps('code')}
            />
            <TextInput
              label="Modifiers"
              description="Up to 4, e.g. 25"
              {...form.getInputProps('modifiers')}
            />
          </Group>
          <Group grow align="flex-start">
            <NumberInput
              label="Units"
              min={1}
              allowDecimal={false}
              required
              {...form.getInputProps('units')}
            />
            <NumberInput
              label="Price per unit"
              description="Empty: the fee schedule's price"
              prefix="$"
              decimalScale={2}
              thousandSeparator=","
              {...form.getInputProps('price')}
            />
          </Group>
          {diagnoses.length ? (
            <Checkbox.Group label="Diagnoses this line treats" {...form.getInputProps('pointers')}>
              <Stack gap={4} mt={4}>
                {diagnoses.map((d, i) => (
                  <Checkbox key={d.code} value={String(i + 1)} label={`${d.code} — ${d.display}`} />
                ))}
              </Stack>
            </Checkbox.Group>
          ) : (
            <Text c="dimmed" size="sm" {...(form.errors.pointers ? { c: 'red' } : {})}>
              {form.errors.pointers ?? 'The chart has no diagnosis: a prescriber adds one in the intake.'}
            </Text>
          )}
          <Select
            label="Place of service"
            data={Object.keys(PLACES_OF_SERVICE).map((p) => ({ value: p, label: placeName(p) }))}
            allowDeselect={false}
            {...form.getInputProps('placeOfService')}
          />
          <Group grow align="flex-start">
            <TextInput
              label="NDC (drugs)"
              description="11 digits, no dashes"
              {...form.getInputProps('ndc')}
            />
            <NumberInput label="Drug quantity (mg)" min={0} {...form.getInputProps('ndcQuantity')} />
          </Group>
          <TextInput label="Why (for the record)" {...form.getInputProps('reason')} />
          <ErrorAlert error={save.error} title="The line was not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save line
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
