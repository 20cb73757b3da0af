import { Button, Group, Menu, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconChevronDown, IconFlag, IconId, IconPlayerPause } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { STOP_REASON_LABELS, STOP_REASONS } from '../../../domain/outcomes-stats';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { api } from '../../lib/api';
import { type Course, coursePath, coursesKey } from './course-query';

type Action = 'completed' | 'stopped' | 'rems' | null;

/** Ending a course (completed or stopped) and recording the esketamine REMS enrolment. */
export function CourseActions({ patientId, course }: { patientId: string; course: Course }) {
  const qc = useQueryClient();
  const [action, setAction] = useState<Action>(null);
  const [remsId, setRemsId] = useState('');
  const [stopReason, setStopReason] = useState<string | null>(null);
  const update = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.post(`${coursePath(patientId, course.id)}/status`, body),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: coursesKey(patientId) });
      setAction(null);
    },
  });
  const close = () => {
    update.reset();
    setAction(null);
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" rightSection={<IconChevronDown size={16} aria-hidden="true" />}>
            Course actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {course.route === 'esketamine' && !course.remsEnrolled ? (
            <Menu.Item
              leftSection={<IconId size={18} aria-hidden="true" />}
              onClick={() => setAction('rems')}
            >
              Record REMS enrolment
            </Menu.Item>
          ) : null}
          <Menu.Item
            leftSection={<IconFlag size={18} aria-hidden="true" />}
            onClick={() => setAction('completed')}
          >
            Mark the course completed
          </Menu.Item>
          <Menu.Item
            leftSection={<IconPlayerPause size={18} aria-hidden="true" />}
            onClick={() => setAction('stopped')}
          >
            Stop the course
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>

      <ConfirmModal
        opened={action === 'completed' || action === 'stopped'}
        title={action === 'stopped' ? 'Stop this course?' : 'Mark this course completed?'}
        confirmLabel={action === 'stopped' ? 'Stop the course' : 'Mark completed'}
        loading={update.isPending}
        error={update.error}
        onConfirm={() =>
          update.mutate(
            action === 'stopped' && stopReason ? { status: action, stopReason } : { status: action },
          )
        }
        onClose={close}
      >
        The course will be recorded as {action === 'stopped' ? 'stopped' : 'completed'} today. No further
        dosing sessions can start in it; its notes and session records stay in the chart. A new course can be
        started afterwards.
        {action === 'stopped' ? (
          <Select
            mt="md"
            label="Why is it stopping? (optional)"
            description="Counted, without names, in the clinic’s outcomes: courses stopped early and why."
            data={STOP_REASONS.map((r) => ({ value: r, label: STOP_REASON_LABELS[r] }))}
            value={stopReason}
            onChange={setStopReason}
            clearable
          />
        ) : null}
      </ConfirmModal>

      <Modal opened={action === 'rems'} onClose={close} title="Record REMS enrolment" centered>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ remsEnrolled: true, ...(remsId.trim() ? { remsPatientId: remsId.trim() } : {}) });
          }}
        >
          <Stack>
            <Text>
              Confirm that the patient is enrolled in the esketamine (Spravato) REMS program. The readiness
              gate checks this before every esketamine session.
            </Text>
            <TextInput
              label="REMS patient ID (optional)"
              value={remsId}
              onChange={(e) => setRemsId(e.currentTarget.value)}
            />
            <ErrorAlert error={update.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={update.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={update.isPending}>
                Record enrolment
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
