import { NativeSelect, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { room, roomBody } from '../../../../contracts/scheduling';
import type { RoomKind } from '../../../../domain/scheduling/catalogue';
import { applyServerErrors, zodResolver } from '../../../components/form';
import { api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { FormDialog } from './FormDialog';
import { focusFirstError, options, ROOM_KIND_LABELS } from './labels';
import { type Location, locationsKey, type Room, refreshScheduling } from './scheduling-admin-query';

interface RoomValues {
  name: string;
  kind: RoomKind;
  active: boolean;
}

/** Adding a room or chair to a site, or renaming one (and retiring or restoring it). */
export function RoomDialog({
  site,
  current,
  onClose,
}: {
  site: Location;
  current: Room | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const form = useForm<RoomValues>({
    initialValues: {
      name: current?.name ?? '',
      kind: current?.kind ?? 'chair',
      active: current?.active ?? true,
    },
    validate: zodResolver(roomBody),
  });
  const save = useMutation({
    mutationFn: (v: RoomValues) =>
      current
        ? api.put(`/api/admin/scheduling/rooms/${current.id}`, v, { schema: room })
        : api.post(`/api/admin/scheduling/locations/${site.id}/rooms`, v, { schema: room }),
    onSuccess: (saved) => {
      setUnplaced(null);
      refreshScheduling(queryClient, locationsKey);
      notify({
        title: current ? 'Room saved' : 'Room added',
        message: `${saved.name} (${ROOM_KIND_LABELS[saved.kind].toLowerCase()}) at ${site.name}.`,
      });
      onClose();
    },
    onError: (err) => setUnplaced(applyServerErrors(form, err)),
  });
  return (
    <FormDialog
      title={current ? `Edit ${current.name}` : `Add a room or chair to ${site.name}`}
      size="md"
      formLabel={current ? 'Edit room' : 'Add a room'}
      saving={save.isPending}
      error={save.error}
      unplaced={unplaced}
      submitLabel={current ? 'Save room' : 'Add room'}
      onSubmit={form.onSubmit((v) => save.mutate(v), focusFirstError)}
      onClose={onClose}
    >
      <TextInput
        label="Room name"
        description="e.g. “Chair 1” or “Quiet room”"
        required
        autoComplete="off"
        data-autofocus
        {...form.getInputProps('name')}
      />
      <NativeSelect
        size="md"
        label="Kind"
        description="Visit types say which kinds of room they can use"
        data={options(ROOM_KIND_LABELS)}
        {...form.getInputProps('kind')}
      />
      {current ? (
        <Switch
          size="md"
          label="In use"
          description="A retired room keeps its booked history but is not offered for new visits."
          {...form.getInputProps('active', { type: 'checkbox' })}
        />
      ) : null}
    </FormDialog>
  );
}
