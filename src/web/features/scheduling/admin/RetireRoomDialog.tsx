import { useMutation, useQueryClient } from '@tanstack/react-query';
import { room } from '../../../../contracts/scheduling';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { api } from '../../../lib/api';
import { notify } from '../../../lib/notify';
import { type Location, locationsKey, type Room, refreshScheduling } from './scheduling-admin-query';

/** Retiring a room takes it out of booking; bringing it back needs no confirmation. */
export function RetireRoomDialog({
  current,
  site,
  onClose,
}: {
  current: Room;
  site: Location;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const retire = useMutation({
    mutationFn: () =>
      api.put(
        `/api/admin/scheduling/rooms/${current.id}`,
        { name: current.name, kind: current.kind, active: false },
        { schema: room },
      ),
    onSuccess: () => {
      refreshScheduling(queryClient, locationsKey);
      notify({ title: 'Room retired', message: `${current.name} is no longer offered for new visits.` });
      onClose();
    },
  });
  return (
    <ConfirmModal
      opened
      title={`Retire ${current.name}?`}
      confirmLabel="Retire room"
      danger
      loading={retire.isPending}
      error={retire.error}
      onConfirm={() => retire.mutate()}
      onClose={() => !retire.isPending && onClose()}
    >
      {current.name} at {site.name} will no longer be offered when booking. Visits already booked in it stay
      as they are; check the calendar and move them if the room is going out of use. You can bring it back
      later.
    </ConfirmModal>
  );
}
