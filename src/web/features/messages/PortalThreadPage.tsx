import { Anchor, Badge, Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconArrowLeft, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ApiError } from '../../lib/api';
import { CrisisBar, CrisisResources } from '../public/CrisisNotice';
import { useMessageDraft } from './drafts';
import { MessageList } from './MessageList';
import { MessagingTerms } from './MessagingTerms';
import { type SendResult, usePortalReply, usePortalThread } from './messages-query';
import { fieldError } from './PortalMessagesPage';

/** One conversation on the patient's phone: the messages, then the reply box (kept as a draft as they type). */
export default function PortalThreadPage() {
  const { threadId = '' } = useParams();
  const q = usePortalThread(threadId);
  const reply = usePortalReply(threadId);
  const [body, setBody, saved, clear] = useMessageDraft(`reply:${threadId}`);
  const [sent, setSent] = useState<SendResult | null>(null);
  const [touched, setTouched] = useState(false);
  const data = q.data;
  const send = () => {
    setTouched(true);
    if (!body.trim()) return;
    reply.mutate(body, {
      onSuccess: (r) => {
        setSent(r);
        setTouched(false);
        clear();
        void q.refetch();
      },
    });
  };
  return (
    <Stack gap="lg">
      <CrisisBar />
      <Anchor component={Link} to="/portal/messages" size="sm">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> All messages
      </Anchor>
      {q.isPending ? <Loading label="Loading the conversation" /> : null}
      <ErrorAlert error={q.error} title="Could not load this conversation" />
      {data ? (
        <>
          <div>
            <PageTitle>{data.thread.subject}</PageTitle>
            <Group gap="xs" mt={4}>
              {data.thread.state === 'closed' ? (
                <Badge color="gray" variant="light">
                  Closed (writing reopens it)
                </Badge>
              ) : null}
              {data.thread.handlerName ? (
                <Text size="sm">{data.thread.handlerName} is handling this.</Text>
              ) : null}
            </Group>
          </div>
          {sent?.crisis ? (
            <CrisisResources title="We are here for you. Please reach out now.">
              <Text>
                Your message was sent and your care team will see it, but they may not read it straight away.
                If you are thinking of ending your life, please talk to someone now.
              </Text>
            </CrisisResources>
          ) : null}
          <MessageList messages={data.messages} mine="patient" />
          <Card withBorder radius="md" padding="md" component="section" aria-label="Reply">
            <Stack gap="sm">
              <Textarea
                label="Your reply"
                size="md"
                autosize
                minRows={3}
                value={body}
                onChange={(e) => setBody(e.currentTarget.value)}
                error={
                  (touched && !body.trim() ? 'Write a message' : undefined) ?? fieldError(reply.error, 'body')
                }
                description={`${body.length.toLocaleString('en-US')} of ${data.terms.limits.bodyMax.toLocaleString('en-US')} characters${saved ? ' · draft saved on this device' : ''}`}
              />
              {reply.error instanceof ApiError && reply.error.code === 'rate_limited' ? null : (
                <ErrorAlert
                  error={reply.error && !fieldError(reply.error, 'body') ? reply.error : null}
                  title="Your reply was not sent"
                />
              )}
              {sent && !sent.crisis ? (
                <Text role="status" size="sm">
                  Sent.
                </Text>
              ) : null}
              <Button
                size="md"
                onClick={send}
                loading={reply.isPending}
                leftSection={<IconSend size={18} aria-hidden="true" />}
                fullWidth
              >
                Send reply
              </Button>
            </Stack>
          </Card>
          <MessagingTerms clinicName={data.terms.clinicName} answerTime={data.terms.answerTime} />
        </>
      ) : null}
    </Stack>
  );
}
