import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { appointmentType } from '../../../../contracts/scheduling';
import {
  CLINICAL_ROLES,
  MODALITIES,
  ROOM_KINDS,
  type VisitCategory,
} from '../../../../domain/scheduling/catalogue';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { applyServerErrors } from '../../../components/form';
import { ApiError, api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { FormDialog } from './FormDialog';
import {
  CATEGORY_LABELS,
  CLINICAL_ROLE_LABELS,
  duration,
  focusFirstError,
  HOLD_LABELS,
  MODALITY_LABELS,
  options,
  ROOM_KIND_LABELS,
  ROUTE_LABELS,
} from './labels';
import { type AppointmentType, refreshScheduling, typesKey, useTypes } from './scheduling-admin-query';
import { serverVersion, type TypeValues, toBody, toValues, validateType } from './visit-type-values';

/** The three lengths of a visit type, in minutes. */
const LENGTH_FIELDS = [
  { field: 'minMinutes', label: 'Shortest', description: undefined },
  { field: 'defaultMinutes', label: 'Default length', description: 'Booked unless staff change it' },
  { field: 'maxMinutes', label: 'Longest', description: undefined },
] as const;

/**
 * Adding or editing a visit type. A clash with someone else's save (409) keeps what was typed and offers to
 * load theirs or save over it.
 */
export function VisitTypeDialog({
  current,
  onClose,
}: {
  current: AppointmentType | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const types = useTypes();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm<TypeValues>({
    initialValues: toValues(current),
    validate: (v) => validateType(toBody(v)),
  });
  const save = useMutation({
    mutationFn: (v: TypeValues) =>
      current
        ? api.put(`/api/admin/scheduling/types/${current.id}`, toBody(v), { schema: appointmentType })
        : api.post('/api/admin/scheduling/types', toBody(v), { schema: appointmentType }),
    onSuccess: (saved) => {
      setUnplaced(null);
      refreshScheduling(queryClient, typesKey);
      notify({
        title: current ? 'Visit type saved' : 'Visit type added',
        message: `${saved.name}: ${duration(saved.defaultMinutes)} by default. Visits already booked keep their times.`,
      });
      onClose();
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });
  const conflict = save.error instanceof ApiError && save.error.status === 409 ? save.error : null;
  // A long dialog may be scrolled to its Save button: bring the answer (a clash or an error) into view.
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (save.error) alertRef.current?.scrollIntoView({ block: 'nearest' });
  }, [save.error]);
  const theirVersion = serverVersion(save.error);

  /** Throws away the edits and loads what is saved now. */
  const loadLatest = async () => {
    const fresh = await types.refetch();
    const latest = fresh.data?.types.find((t) => t.id === current?.id);
    if (latest) {
      form.setValues(toValues(latest));
      form.resetDirty(toValues(latest));
      form.clearErrors();
      save.reset();
    }
  };

  const v = form.values;
  const dosing = v.category === 'dosing';
  return (
    <FormDialog
      title={current ? `Edit visit type: ${current.name}` : 'Add a visit type'}
      size="xl"
      formLabel={current ? 'Edit visit type' : 'Add a visit type'}
      saving={save.isPending}
      error={save.error}
      unplaced={unplaced}
      alert={
        <>
          <div ref={alertRef} />
          {conflict ? (
            <Alert
              role="alert"
              color="yellow"
              variant="light"
              title="Someone else changed this visit type"
              icon={<IconAlertTriangle aria-hidden="true" />}
              data-testid="type-conflict"
            >
              <Stack gap="xs">
                <Text size="sm">
                  {conflict.detail ?? 'It was changed since you opened it.'} Your changes are still in the
                  form below and have not been saved.
                </Text>
                <Group gap="xs">
                  <Button
                    size="sm"
                    variant="default"
                    onClick={() => void loadLatest()}
                    loading={types.isFetching}
                  >
                    Discard mine and load theirs
                  </Button>
                  {theirVersion !== undefined ? (
                    <Button
                      size="sm"
                      color="yellow"
                      onClick={() => {
                        form.setFieldValue('version', theirVersion);
                        save.mutate({ ...form.getValues(), version: theirVersion });
                      }}
                    >
                      Save mine over theirs
                    </Button>
                  ) : null}
                </Group>
              </Stack>
            </Alert>
          ) : save.error && !(unplaced && unplaced.length === 0) ? (
            <ErrorAlert error={save.error} extra={unplaced} />
          ) : null}
        </>
      }
      submitLabel={current ? 'Save visit type' : 'Add visit type'}
      onSubmit={form.onSubmit((x) => save.mutate(x), focusFirstError)}
      onClose={onClose}
    >
      <Fieldset legend="Name" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Name staff see"
            required
            autoComplete="off"
            data-autofocus
            {...form.getInputProps('name')}
          />
          <TextInput
            label="Label patients see"
            description="In reminders, the portal and booking links"
            required
            autoComplete="off"
            {...form.getInputProps('patientLabel')}
          />
          {current ? (
            <Text size="sm" c="dimmed" style={{ gridColumn: '1 / -1' }}>
              {CATEGORY_LABELS[current.category]}
              {current.route ? ` · ${ROUTE_LABELS[current.route]}` : ''} · code <code>{current.code}</code>{' '}
              (these do not change: course schedules find their visit types by them).
            </Text>
          ) : (
            <>
              <TextInput
                label="Code"
                description="Lower-case letters, digits and _; cannot change later"
                required
                autoComplete="off"
                {...form.getInputProps('code')}
              />
              <NativeSelect
                size="md"
                label="Kind of visit"
                data={options(CATEGORY_LABELS)}
                {...form.getInputProps('category')}
                onChange={(e) => {
                  // Integration follows the dosing visit unless the admin says otherwise.
                  const category = e.currentTarget.value as VisitCategory;
                  form.setFieldValue('category', category);
                  form.setFieldValue('afterDosing', category === 'integration');
                }}
              />
              {dosing ? (
                <NativeSelect
                  size="md"
                  label="Route"
                  required
                  data={[{ value: '', label: 'Choose a route' }, ...options(ROUTE_LABELS)]}
                  {...form.getInputProps('route')}
                />
              ) : null}
            </>
          )}
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend="Length in minutes" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {LENGTH_FIELDS.map((f) => (
            <NumberInput
              key={f.field}
              size="md"
              label={f.label}
              description={f.description}
              min={5}
              max={720}
              step={5}
              allowDecimal={false}
              required
              {...form.getInputProps(f.field)}
            />
          ))}
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend="Where and how" radius="md">
        <Stack gap="sm">
          <Checkbox.Group label="Ways it can be held" required {...form.getInputProps('modalities')}>
            <Group mt={4}>
              {MODALITIES.map((m) => (
                <Checkbox key={m} value={m} label={MODALITY_LABELS[m]} size="md" />
              ))}
            </Group>
          </Checkbox.Group>
          <Checkbox.Group label="Kinds of room it can use" {...form.getInputProps('roomKinds')}>
            <Group mt={4}>
              {ROOM_KINDS.map((k) => (
                <Checkbox key={k} value={k} label={ROOM_KIND_LABELS[k]} size="md" />
              ))}
            </Group>
          </Checkbox.Group>
          <Switch
            size="md"
            label="A room is required for in-person visits"
            description="The visit holds the room for its whole length; two visits cannot share it."
            {...form.getInputProps('roomRequired', { type: 'checkbox' })}
          />
          <Switch
            size="md"
            label="Only at a site certified for esketamine"
            {...form.getInputProps('certifiedSiteRequired', { type: 'checkbox' })}
          />
        </Stack>
      </Fieldset>

      <Fieldset legend="Staff it needs" radius="md">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Each requirement is filled by a different person with one of its roles.
          </Text>
          {v.staff.map((_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the rows are positions in the form's own list
            <Card key={i} withBorder radius="md" padding="sm" data-testid="staff-requirement">
              <Group align="flex-end" wrap="wrap">
                <Checkbox.Group
                  label={`Person ${i + 1}: any of these roles`}
                  required
                  {...form.getInputProps(`staff.${i}.roles`)}
                >
                  <Group mt={4}>
                    {CLINICAL_ROLES.map((r) => (
                      <Checkbox key={r} value={r} label={CLINICAL_ROLE_LABELS[r]} size="md" />
                    ))}
                  </Group>
                </Checkbox.Group>
                <NativeSelect
                  size="md"
                  label={`Person ${i + 1}: how they are held`}
                  data={options(HOLD_LABELS)}
                  {...form.getInputProps(`staff.${i}.hold`)}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove person ${i + 1}`}
                  disabled={v.staff.length <= 1}
                  onClick={() => form.removeListItem('staff', i)}
                >
                  <IconTrash size={20} aria-hidden="true" />
                </ActionIcon>
              </Group>
            </Card>
          ))}
          {form.errors.staff ? (
            <Text size="sm" c="red" role="alert">
              {form.errors.staff}
            </Text>
          ) : null}
          <Group>
            <Button
              variant="default"
              leftSection={<IconPlus size={18} aria-hidden="true" />}
              disabled={v.staff.length >= 4}
              onClick={() => form.insertListItem('staff', { roles: ['therapist'], hold: 'exclusive' })}
            >
              Add a person
            </Button>
          </Group>
        </Stack>
      </Fieldset>

      <Fieldset legend="Patients" radius="md">
        <Stack gap="sm">
          <Switch
            size="md"
            label="Patients can book it themselves"
            description="Offered on self-booking links (consultations) when self-booking is on."
            {...form.getInputProps('patientBookable', { type: 'checkbox' })}
          />
          {dosing ? null : (
            <Switch
              size="md"
              label="Comes after the patient's dosing visit"
              description="As integration does: a patient moving it online is offered only times after the dosing visit it follows has ended, and before the next one."
              {...form.getInputProps('afterDosing', { type: 'checkbox' })}
            />
          )}
          <Textarea
            label="Preparation instructions"
            description="Sent with the confirmation and reminders, e.g. what to bring, fasting, arranging a ride home"
            autosize
            minRows={3}
            maxRows={10}
            size="md"
            {...form.getInputProps('instructions')}
          />
        </Stack>
      </Fieldset>

      <Switch
        size="md"
        label="Active"
        description="An inactive type keeps its booked visits but cannot be booked again."
        {...form.getInputProps('active', { type: 'checkbox' })}
      />
    </FormDialog>
  );
}
