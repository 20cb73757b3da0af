import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { waitingWords } from '../../../domain/messages';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useMe } from '../../lib/session';
import { useMessageDraft } from './drafts';
import { MessageList } from './MessageList';
import { useCannedReplies, useStaffThread, useThreadActions } from './messages-query';

const fieldError = (err: unknown, field: string) =>
  err instanceof ApiError ? err.fieldErrors.find((f) => f.field === field)?.message : undefined;

/** One patient's thread for the care team: read, reply (typed or canned), handler, close, urgent, task. */
export default function StaffThreadPage() {
  const { threadId = '' } = useParams();
  const me = useMe().data;
  const q = useStaffThread(threadId);
  const canned = useCannedReplies();
  const a = useThreadActions(threadId);
  const [body, setBody, saved, clear] = useMessageDraft(`staff:${threadId}`);
  const [cannedId, setCannedId] = useState('');
  const [taskTitle, setTaskTitle] = useState('');
  const [taskMade, setTaskMade] = useState(false);
  const mayWrite = me?.permissions.includes('clinical.write') ?? false;
  if (q.isPending) return <Loading label="Loading the conversation" />;
  if (q.error || !q.data) return <ErrorAlert error={q.error} title="Could not load this conversation" />;
  const { thread, messages, team, tasks } = q.data;
  const chosen = canned.data?.cannedReplies.find((c) => c.id === cannedId);
  const waiting = waitingWords(thread.waitingSince, new Date());

  const sendTyped = () => a.reply.mutate({ body }, { onSuccess: () => clear() });
  const sendCanned = () =>
    chosen && a.reply.mutate({ cannedReplyId: chosen.id }, { onSuccess: () => setCannedId('') });

  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/app/messages" size="sm">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Messages
      </Anchor>
      <div>
        <PageTitle mb={4}>{thread.subject}</PageTitle>
        <Group gap="xs">
          <Anchor component={Link} to={`/app/patients/${thread.patientId}`} fw={600}>
            {thread.patientName}
          </Anchor>
          {thread.state === 'closed' ? (
            <Badge color="gray" variant="light">
              Closed
            </Badge>
          ) : (
            <Badge color="green" variant="light">
              Open
            </Badge>
          )}
          {waiting ? <Text size="sm">The patient is {waiting}.</Text> : null}
        </Group>
      </div>
      {thread.urgent ? (
        <Alert
          color="red"
          icon={<IconAlertTriangle aria-hidden="true" />}
          title="Crisis language in a message"
          role="alert"
        >
          <Stack gap="xs">
            <Text>
              The patient was shown crisis resources when they sent it. Contact them today, then mark it
              followed up here and write what you did in its urgent care task on Today.
            </Text>
            {mayWrite ? (
              <Button
                color="red"
                onClick={() => a.clearUrgent.mutate()}
                loading={a.clearUrgent.isPending}
                style={{ alignSelf: 'flex-start' }}
              >
                Mark followed up
              </Button>
            ) : null}
          </Stack>
        </Alert>
      ) : null}

      <MessageList messages={messages} mine="staff" />

      {mayWrite ? (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="reply-h">
          <Stack gap="sm">
            <Title order={2} size="h4" id="reply-h">
              Reply
            </Title>
            <Textarea
              label="Your reply"
              autosize
              minRows={3}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              error={fieldError(a.reply.error, 'body')}
              description={
                saved
                  ? 'Draft saved on this device'
                  : 'The patient gets an email saying there is a new message (never its text).'
              }
            />
            <Button
              onClick={sendTyped}
              disabled={!body.trim()}
              loading={a.reply.isPending && !cannedId}
              leftSection={<IconSend size={18} aria-hidden="true" />}
              style={{ alignSelf: 'flex-start' }}
            >
              Send reply
            </Button>
            <NativeSelect
              label="Or send a canned reply"
              value={cannedId}
              onChange={(e) => setCannedId(e.currentTarget.value)}
              data={[
                { value: '', label: 'Choose a canned reply' },
                ...(canned.data?.cannedReplies ?? []).map((c) => ({ value: c.id, label: c.title })),
              ]}
              error={fieldError(a.reply.error, 'cannedReplyId')}
            />
            {chosen ? (
              <>
                <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }} data-testid="canned-preview">
                  {chosen.body}
                </Text>
                <Button
                  variant="default"
                  onClick={sendCanned}
                  loading={a.reply.isPending}
                  style={{ alignSelf: 'flex-start' }}
                >
                  Send “{chosen.title}”
                </Button>
              </>
            ) : null}
            <ErrorAlert
              error={a.reply.error && !fieldError(a.reply.error, 'body') ? a.reply.error : null}
              title="The reply was not sent"
            />
          </Stack>
        </Card>
      ) : null}

      {mayWrite ? (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="handling-h">
          <Stack gap="sm">
            <Title order={2} size="h4" id="handling-h">
              Handling
            </Title>
            <Group align="flex-end" gap="sm">
              <NativeSelect
                label="Handled by"
                value={thread.handlerId ?? ''}
                onChange={(e) => a.assign.mutate(e.currentTarget.value || null)}
                data={[
                  { value: '', label: 'Nobody yet' },
                  ...team.map((m) => ({ value: m.id, label: m.name })),
                  ...(me && !team.some((m) => m.id === me.user.id)
                    ? [{ value: me.user.id, label: `${me.user.name} (me)` }]
                    : []),
                ]}
                error={fieldError(a.assign.error, 'handlerId')}
              />
              {me && thread.handlerId !== me.user.id ? (
                <Button
                  variant="default"
                  onClick={() => a.assign.mutate(me.user.id)}
                  loading={a.assign.isPending}
                >
                  Take it
                </Button>
              ) : null}
              <Button
                variant="default"
                onClick={() => a.close.mutate(thread.state === 'open')}
                loading={a.close.isPending}
              >
                {thread.state === 'open' ? 'Close the thread' : 'Reopen the thread'}
              </Button>
            </Group>
            <ErrorAlert error={a.close.error ?? a.clearUrgent.error} title="That did not work" />
            <form
              onSubmit={(e) => {
                e.preventDefault();
                a.task.mutate(taskTitle, {
                  onSuccess: () => {
                    setTaskTitle('');
                    setTaskMade(true);
                  },
                });
              }}
            >
              <Group align="flex-end" gap="sm">
                <TextInput
                  label="Turn into a task"
                  description="Say what needs doing, in your words (the patient’s text is never copied into tasks)."
                  value={taskTitle}
                  onChange={(e) => {
                    setTaskTitle(e.currentTarget.value);
                    setTaskMade(false);
                  }}
                  error={fieldError(a.task.error, 'title')}
                  style={{ flex: 1, minWidth: 240 }}
                />
                <Button type="submit" variant="default" loading={a.task.isPending}>
                  Create task
                </Button>
              </Group>
            </form>
            {taskMade ? (
              <Text role="status" size="sm">
                Task created.
              </Text>
            ) : null}
            {tasks.length ? (
              <div>
                <Text size="sm" fw={600}>
                  Tasks from this thread
                </Text>
                <List size="sm">
                  {tasks.map((t) => (
                    <List.Item key={t.id}>
                      {t.title} — opened {formatDateTime(t.openedAt)}
                      {t.state === 'open' ? '' : ' (done)'}
                    </List.Item>
                  ))}
                </List>
              </div>
            ) : null}
          </Stack>
        </Card>
      ) : null}
    </Stack>
  );
}
