import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconCalendarPlus, IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { NO_CLIP } from '../../../components/badges';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import {
  CATEGORY_LABELS,
  CLINICAL_ROLE_LABELS,
  duration,
  MODALITY_LABELS,
  ROOM_KIND_LABELS,
  ROUTE_LABELS,
} from './labels';
import { type AppointmentType, useTypes } from './scheduling-admin-query';
import { VisitTypeDialog } from './VisitTypeDialog';

/** Appointment types: how long each visit is, what it holds, who books it and what patients are told. */
export function VisitTypesTab() {
  const types = useTypes();
  const [editing, setEditing] = useState<AppointmentType | 'new' | null>(null);
  const list = types.data?.types ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" maw={640}>
          The kinds of visit the clinic books. Changing a length applies to visits booked from now on; visits
          already booked keep their times.
        </Text>
        <Button
          leftSection={<IconCalendarPlus size={18} aria-hidden="true" />}
          onClick={() => setEditing('new')}
        >
          Add a visit type
        </Button>
      </Group>
      {types.isPending ? <Loading label="Loading visit types" /> : null}
      <ErrorAlert error={types.error} title="Could not load the visit types" />
      {types.data && list.length === 0 ? <Text>No visit types yet.</Text> : null}
      {list.length ? (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="sm" striped highlightOnHover>
            <Table.Caption>{`${list.length} visit types`}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Visit type</Table.Th>
                <Table.Th scope="col">Patients see</Table.Th>
                <Table.Th scope="col">Length</Table.Th>
                <Table.Th scope="col">Held</Table.Th>
                <Table.Th scope="col">Staff</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((t) => (
                <Table.Tr key={t.id} data-testid="type-row">
                  <Table.Th scope="row">
                    {t.name}
                    <Text size="xs" c="dimmed">
                      {CATEGORY_LABELS[t.category]}
                      {t.route ? ` · ${ROUTE_LABELS[t.route]}` : ''}
                    </Text>
                  </Table.Th>
                  <Table.Td>{t.patientLabel}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {duration(t.defaultMinutes)}
                    <Text size="xs" c="dimmed">
                      {duration(t.minMinutes)} – {duration(t.maxMinutes)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {t.modalities.map((m) => MODALITY_LABELS[m]).join(', ')}
                    {t.roomRequired ? (
                      <Text size="xs" c="dimmed">
                        needs a {t.roomKinds.map((k) => ROOM_KIND_LABELS[k].toLowerCase()).join(' or ')}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {t.staff
                      .map(
                        (s) =>
                          `${s.roles.map((r) => CLINICAL_ROLE_LABELS[r]).join(' or ')}${s.hold === 'on_site' ? ' (supervising)' : ''}`,
                      )
                      .join(', ')}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge color={t.active ? 'green' : 'gray'} variant="light" styles={NO_CLIP}>
                        {t.active ? 'Active' : 'Inactive'}
                      </Badge>
                      {t.patientBookable ? (
                        <Badge color="lagoon" variant="light" styles={NO_CLIP}>
                          Self-booking
                        </Badge>
                      ) : null}
                      {t.afterDosing ? (
                        <Badge color="gray" variant="light" styles={NO_CLIP}>
                          After dosing
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button
                      size="sm"
                      variant="default"
                      leftSection={<IconPencil size={16} aria-hidden="true" />}
                      onClick={() => setEditing(t)}
                    >
                      Edit<VisuallyHidden> {t.name}</VisuallyHidden>
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {editing ? (
        <VisitTypeDialog current={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Stack>
  );
}
