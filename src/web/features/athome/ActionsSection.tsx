import { Button, Group, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconDoorExit, IconHandStop, IconNote, IconPhone, IconPlayerPlay } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { goBody, noteBody, reasonBody } from '../../../contracts/athome';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { num } from '../../lib/format';
import { notify } from '../../lib/notify';
import { Section } from '../sessions/Section';
import { type AtHomeDetail, useSessionAction } from './athome-query';

const tel = (phone: string) => `tel:${phone.replace(/[^+0-9]/g, '')}`;

/**
 * One action's form: a text field, a button, and (for what cannot be undone) a confirmation with a summary.
 * What was typed stays until it is saved; a refusal names the field or says why in words.
 */
function ActionForm({
  s,
  path,
  field,
  label,
  description,
  required,
  schema,
  submit,
  icon,
  color,
  confirm,
  done,
}: {
  s: AtHomeDetail;
  path: 'go' | 'hold' | 'close' | 'notes';
  field: 'reason' | 'text';
  label: string;
  description: string;
  required: boolean;
  schema: typeof goBody | typeof reasonBody | typeof noteBody;
  submit: string;
  icon: ReactNode;
  color?: string;
  confirm?: { title: string; text: (value: string) => string };
  done: string;
}) {
  const action = useSessionAction<Record<string, string>>(s.patientId, s.id, path);
  const [unplaced, setUnplaced] = useState<string[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const form = useForm({
    initialValues: { [field]: '' } as Record<string, string>,
    validate: (values) =>
      !required && !(values[field] ?? '').trim() ? {} : zodResolver<Record<string, string>>(schema)(values),
  });
  const send = () => {
    const value = (form.values[field] ?? '').trim();
    action.mutate(value ? { [field]: value } : {}, {
      onSuccess: () => {
        setConfirming(false);
        form.reset();
        notify({ color: 'green', title: done, message: `${s.patientName}, at-home session ${s.number}.` });
      },
      onError: (err) => {
        setConfirming(false);
        setUnplaced(applyServerErrors(form, err));
      },
    });
  };
  return (
    <form
      noValidate
      aria-label={submit}
      onSubmit={form.onSubmit(() => (confirm ? setConfirming(true) : send()))}
    >
      <Stack gap="sm">
        <Textarea
          size="md"
          label={label}
          description={description}
          required={required}
          autosize
          minRows={2}
          {...form.getInputProps(field)}
        />
        {action.error ? (
          <ErrorAlert error={action.error} extra={unplaced} fieldLabels={{ [field]: label }} />
        ) : null}
        <Group>
          <Button type="submit" color={color} leftSection={icon} loading={action.isPending && !confirm}>
            {submit}
          </Button>
        </Group>
      </Stack>
      {confirm ? (
        <ConfirmModal
          opened={confirming}
          title={confirm.title}
          confirmLabel={submit}
          danger={color === 'red'}
          loading={action.isPending}
          onConfirm={send}
          onClose={() => setConfirming(false)}
        >
          {confirm.text((form.values[field] ?? '').trim())}
        </ConfirmModal>
      ) : null}
    </form>
  );
}

/**
 * What a clinician can do now, by the state machine's accepted actions: call, give the go, hold, note, close.
 * Each action is a tab whose form keeps what was typed while another is open.
 */
export function ActionsSection({
  s,
  patientPhone,
  can,
}: {
  s: AtHomeDetail;
  patientPhone: string | null;
  can: (permission: string) => boolean;
}) {
  const held = s.state === 'held';
  const goAllowed = s.actions.includes('clinician_go') && can('session.run') && (!held || can('orders.sign'));
  const tabs = [
    goAllowed ? 'go' : null,
    s.actions.includes('clinician_hold') && can('session.run') ? 'hold' : null,
    can('clinical.write') ? 'note' : null,
    s.actions.includes('close') && can('session.run') ? 'close' : null,
  ].filter((t): t is string => t !== null);
  const [tab, setTab] = useState<string | null>(null);
  // The go first when it can be given; otherwise a note (a hold or a close is a deliberate choice).
  const preferred = tabs.includes('go') ? 'go' : tabs.includes('note') ? 'note' : (tabs[0] ?? null);
  const active = tab && tabs.includes(tab) ? tab : preferred;
  const dose = s.order
    ? `${s.order.troches} troche${s.order.troches === 1 ? '' : 's'} (${num(s.order.mg)} mg)`
    : 'the dose';

  return (
    <Section id="athome-actions" title="Actions">
      <Group gap="sm" wrap="wrap">
        {patientPhone ? (
          <Button
            component="a"
            href={tel(patientPhone)}
            variant="light"
            leftSection={<IconPhone size={18} aria-hidden="true" />}
          >
            Call {s.patientName} · {patientPhone}
          </Button>
        ) : (
          <Text>No phone number in the chart.</Text>
        )}
        {s.sitter.phone ? (
          <Button
            component="a"
            href={tel(s.sitter.phone)}
            variant="default"
            leftSection={<IconPhone size={18} aria-hidden="true" />}
          >
            Call the sitter{s.sitter.name ? `, ${s.sitter.name}` : ''} · {s.sitter.phone}
          </Button>
        ) : null}
      </Group>
      {held && s.actions.includes('clinician_go') && !can('orders.sign') ? (
        <Text size="sm">Only a prescriber may lift a hold and give the go.</Text>
      ) : null}
      {tabs.length && active ? (
        <Tabs value={active} onChange={setTab} keepMounted>
          <Tabs.List aria-label="Actions on this session">
            {tabs.includes('go') ? (
              <Tabs.Tab value="go" leftSection={<IconPlayerPlay size={16} aria-hidden="true" />}>
                Give the go
              </Tabs.Tab>
            ) : null}
            {tabs.includes('hold') ? (
              <Tabs.Tab value="hold" leftSection={<IconHandStop size={16} aria-hidden="true" />}>
                Hold
              </Tabs.Tab>
            ) : null}
            {tabs.includes('note') ? (
              <Tabs.Tab value="note" leftSection={<IconNote size={16} aria-hidden="true" />}>
                Add a note
              </Tabs.Tab>
            ) : null}
            {tabs.includes('close') ? (
              <Tabs.Tab value="close" leftSection={<IconDoorExit size={16} aria-hidden="true" />}>
                Close the session
              </Tabs.Tab>
            ) : null}
          </Tabs.List>
          <Tabs.Panel value="go" pt="md">
            <ActionForm
              s={s}
              path="go"
              field="reason"
              label={held ? 'Why the hold is lifted' : 'Note with the go (optional)'}
              description={
                held
                  ? 'Required to lift a hold: what you reviewed and why the dose may go ahead.'
                  : 'The check-in is complete; the order must be signed.'
              }
              required={held}
              schema={held ? reasonBody : goBody}
              submit="Give the go"
              icon={<IconPlayerPlay size={18} aria-hidden="true" />}
              confirm={{
                title: 'Give the go',
                text: (reason) =>
                  `${s.patientName} may take ${dose} now. ${reason ? `Your note: “${reason}”. ` : ''}Your name and the time are recorded.`,
              }}
              done="Go given"
            />
          </Tabs.Panel>
          <Tabs.Panel value="hold" pt="md">
            <ActionForm
              s={s}
              path="hold"
              field="reason"
              label="Reason for the hold"
              description="Required. The patient sees that the session is held and is told to wait for the care team."
              required
              schema={reasonBody}
              submit="Hold the session"
              icon={<IconHandStop size={18} aria-hidden="true" />}
              color="red"
              done="Session held"
            />
          </Tabs.Panel>
          <Tabs.Panel value="note" pt="md">
            <ActionForm
              s={s}
              path="notes"
              field="text"
              label="Note"
              description="A call, an observation: it goes on the session’s timeline."
              required
              schema={noteBody}
              submit="Add the note"
              icon={<IconNote size={18} aria-hidden="true" />}
              done="Note added"
            />
          </Tabs.Panel>
          <Tabs.Panel value="close" pt="md">
            <ActionForm
              s={s}
              path="close"
              field="reason"
              label="Reason for closing"
              description="Required. For example: checked out and settled; not taken, rebooked."
              required
              schema={reasonBody}
              submit="Close the session"
              icon={<IconDoorExit size={18} aria-hidden="true" />}
              color="red"
              confirm={{
                title: 'Close the session',
                text: (reason) =>
                  `At-home session ${s.number} for ${s.patientName} is closed${reason ? ` with the reason “${reason}”` : ''}. The sitter’s link stops working, and the session cannot be opened again.`,
              }}
              done="Session closed"
            />
          </Tabs.Panel>
        </Tabs>
      ) : null}
    </Section>
  );
}
