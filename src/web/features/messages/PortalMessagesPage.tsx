import { Anchor, Badge, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconArrowLeft, IconChevronRight, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { CrisisBar, CrisisResources } from '../public/CrisisNotice';
import { useMessageDraft } from './drafts';
import { MessagingTerms } from './MessagingTerms';
import { type SendResult, usePortalThreads, useStartThread } from './messages-query';

export const BackHome = () => (
  <Anchor component={Link} to="/portal" size="sm">
    <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Home
  </Anchor>
);

/** Where a refused send points: the field the server named, in words. */
export function fieldError(err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  return err.fieldErrors.find((f) => f.field === field)?.message;
}

/** The patient's conversations with their care team, and a box to start a new one (phone first). */
export default function PortalMessagesPage() {
  const list = usePortalThreads();
  const start = useStartThread();
  const [subject, setSubject, subjectSaved, clearSubject] = useMessageDraft('new:subject');
  const [body, setBody, bodySaved, clearBody] = useMessageDraft('new:body');
  const [sent, setSent] = useState<SendResult | null>(null);
  const [touched, setTouched] = useState(false);
  const terms = list.data?.terms;
  const localSubject = touched && !subject.trim() ? 'Give the message a subject' : undefined;
  const localBody = touched && !body.trim() ? 'Write a message' : undefined;
  /** "Saved" only once everything typed in both boxes is stored, not while the last words wait for a pause. */
  const draftSaved = Boolean(subject || body) && (!subject || subjectSaved) && (!body || bodySaved);

  const send = () => {
    setTouched(true);
    if (!subject.trim() || !body.trim()) return;
    start.mutate(
      { subject, body },
      {
        onSuccess: (r) => {
          setSent(r);
          setTouched(false);
          clearSubject();
          clearBody();
        },
      },
    );
  };

  return (
    <Stack gap="lg">
      <CrisisBar />
      <BackHome />
      <PageTitle>Messages with your care team</PageTitle>
      {sent?.crisis ? (
        <CrisisResources title="We are here for you. Please reach out now.">
          <Text>
            Your message was sent and your care team will see it, but they may not read it straight away. If
            you are thinking of ending your life, please talk to someone now.
          </Text>
        </CrisisResources>
      ) : null}
      {terms ? <MessagingTerms clinicName={terms.clinicName} answerTime={terms.answerTime} /> : null}
      {sent && !sent.crisis ? (
        <Text role="status" fw={600} data-testid="message-sent">
          Your message was sent.{' '}
          <Anchor component={Link} to={`/portal/messages/${sent.threadId}`} underline="always">
            Open the conversation
          </Anchor>
        </Text>
      ) : null}

      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="new-message-h">
        <Stack gap="sm">
          <Title order={2} size="h4" id="new-message-h">
            Write a new message
          </Title>
          <TextInput
            label="Subject"
            size="md"
            value={subject}
            maxLength={terms?.limits.subjectMax ?? 120}
            onChange={(e) => setSubject(e.currentTarget.value)}
            error={localSubject ?? fieldError(start.error, 'subject')}
          />
          <Textarea
            label="Your message"
            size="md"
            autosize
            minRows={4}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            error={localBody ?? fieldError(start.error, 'body')}
            description={`${body.length.toLocaleString('en-US')} of ${(terms?.limits.bodyMax ?? 4000).toLocaleString('en-US')} characters${draftSaved ? ' · draft saved on this device' : ''}`}
          />
          <ErrorAlert
            error={
              start.error && !fieldError(start.error, 'body') && !fieldError(start.error, 'subject')
                ? start.error
                : null
            }
            title="Your message was not sent"
          />
          {start.error instanceof ApiError && start.error.code === 'rate_limited' ? (
            <Text c="red" role="alert">
              {start.error.detail}
            </Text>
          ) : null}
          <Button
            size="md"
            onClick={send}
            loading={start.isPending}
            leftSection={<IconSend size={18} aria-hidden="true" />}
            fullWidth
          >
            Send to my care team
          </Button>
        </Stack>
      </Card>

      <Stack gap="sm" component="section" aria-labelledby="threads-h">
        <Title order={2} size="h4" id="threads-h">
          Your conversations
        </Title>
        {list.isPending ? <Loading label="Loading your messages" /> : null}
        <ErrorAlert error={list.error} title="Could not load your messages" />
        {list.data && list.data.threads.length === 0 ? <Text>No messages yet.</Text> : null}
        {list.data?.threads.map((t) => (
          <Card
            key={t.id}
            withBorder
            radius="md"
            padding="md"
            component={Link}
            to={`/portal/messages/${t.id}`}
            data-testid="portal-thread"
            style={{ minHeight: 44 }}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
                    {t.subject}
                  </Text>
                  {t.unread ? (
                    <Badge color="blue" variant="light">
                      New reply
                    </Badge>
                  ) : null}
                  {t.state === 'closed' ? (
                    <Badge color="gray" variant="light">
                      Closed
                    </Badge>
                  ) : null}
                </Group>
                <Text size="sm" c="dimmed">
                  {t.lastSide === 'staff' ? 'Care team replied' : 'You wrote'}{' '}
                  {formatDateTime(t.lastMessageAt)}
                  {t.handlerName ? ` · ${t.handlerName} is handling it` : ''}
                </Text>
              </div>
              <IconChevronRight size={20} aria-hidden="true" />
            </Group>
          </Card>
        ))}
      </Stack>
    </Stack>
  );
}
