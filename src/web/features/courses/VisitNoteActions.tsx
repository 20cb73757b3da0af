import { Alert, Button, Group, Menu, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconInfoCircle, IconNotes, IconPencil } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { formatDate } from '../../lib/format';
import { noteUrl } from './course-query';
import { type NoteOffer, useStartVisitNote, useVisitNote, type VisitNote } from './visit-note-query';

/** "Preparation note", "Integration note after session 2 (24 Nov 2026)". */
export function offerLabel(o: NoteOffer): string {
  if (o.kind === 'preparation') return 'Preparation note';
  const when = o.dosingSessionDate ? ` (${formatDate(o.dosingSessionDate)})` : '';
  return `Integration note after session ${o.dosingSessionNumber ?? '?'}${when}`;
}

interface Props {
  appointmentId: string;
  patientId: string;
  note: VisitNote['note'];
  offers: NoteOffer[];
  explanation: string | null;
  /** Smaller buttons, for rows in a list. */
  compact?: boolean;
  /** Called before leaving for the editor (a drawer closes itself). */
  onLeave?: () => void;
}

/**
 * What a clinician can do about a therapy visit's note: open the one written for it, or start the note that
 * fits (the best first, others in a menu), with the server's plain-words reason when the visit's own kind of
 * note cannot be written yet (an integration visit before any dosing session).
 */
export function VisitNoteActions({
  appointmentId,
  patientId,
  note,
  offers,
  explanation,
  compact,
  onLeave,
}: Props) {
  const navigate = useNavigate();
  const start = useStartVisitNote();
  const size = compact ? 'xs' : 'sm';
  const begin = async (offer: NoteOffer) => {
    try {
      const created = await start.mutateAsync({ appointmentId, patientId, offer });
      onLeave?.();
      navigate(noteUrl(patientId, created.id));
    } catch {
      // shown below
    }
  };
  if (note) {
    return (
      <Button
        size={size}
        variant="light"
        component={Link}
        to={noteUrl(patientId, note.id)}
        onClick={onLeave}
        leftSection={<IconNotes size={16} aria-hidden="true" />}
      >
        {note.status === 'draft' ? 'Continue the draft note' : 'Open the signed note'}
      </Button>
    );
  }
  const [first, ...rest] = offers;
  return (
    <Stack gap="xs" data-testid="visit-note-actions">
      {explanation ? (
        <Alert color="blue" variant="light" p="xs" icon={<IconInfoCircle size={18} aria-hidden="true" />}>
          <Text size="sm">{explanation}</Text>
        </Alert>
      ) : null}
      {first ? (
        <Group gap="xs" wrap="wrap">
          <Button
            size={size}
            leftSection={<IconPencil size={16} aria-hidden="true" />}
            loading={start.isPending && start.variables?.offer === first}
            onClick={() => begin(first)}
          >
            {`Write the ${offerLabel(first).replace(/^P|^I/, (c) => c.toLowerCase())}`}
          </Button>
          {rest.length ? (
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button
                  size={size}
                  variant="default"
                  rightSection={<IconChevronDown size={14} aria-hidden="true" />}
                >
                  Another note
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {rest.map((o) => (
                  <Menu.Item key={`${o.kind}-${o.dosingSessionId ?? ''}`} onClick={() => begin(o)}>
                    {offerLabel(o)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          ) : null}
        </Group>
      ) : null}
      <ErrorAlert error={start.error} title="The note was not started" />
    </Stack>
  );
}

/** The note section of a therapy visit's drawer: the note written for it, or what can be started and why. */
export function VisitNotePanel({ appointmentId, onLeave }: { appointmentId: string; onLeave?: () => void }) {
  const q = useVisitNote(appointmentId);
  return (
    <Stack gap="xs" component="section" aria-label="Note for this visit" data-testid="visit-note">
      <Text fw={600}>Note for this visit</Text>
      {q.isPending ? <Loading label="Checking the note" /> : null}
      <ErrorAlert error={q.error} title="Could not check the note" />
      {q.data ? (
        <>
          {q.data.note ? (
            <Text size="sm">
              {`${q.data.note.kind === 'preparation' ? 'Preparation' : 'Integration'} note, ${q.data.note.status === 'draft' ? 'draft' : 'signed'}${q.data.note.authorName ? `, by ${q.data.note.authorName}` : ''}.`}
            </Text>
          ) : null}
          <VisitNoteActions
            appointmentId={appointmentId}
            patientId={q.data.patientId}
            note={q.data.note}
            offers={q.data.offers}
            explanation={q.data.explanation}
            onLeave={onLeave}
          />
        </>
      ) : null}
    </Stack>
  );
}
