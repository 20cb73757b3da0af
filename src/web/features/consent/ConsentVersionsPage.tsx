import {
  Accordion,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCircleCheck, IconFilePlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { consentDocument, newConsentVersionBody } from '../../../contracts/consent';
import { NO_CLIP } from '../../components/badges';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { notify } from '../../lib/notify';
import { type ConsentDocument, documentsKey, useConsentDocuments } from './consent-query';

function PublishForm({ latest, onDone }: { latest: ConsentDocument | undefined; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const form = useForm({
    initialValues: { title: latest?.title ?? '', body: latest?.body ?? '' },
    validate: zodResolver(newConsentVersionBody),
  });
  const publish = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post('/api/admin/consent/documents', v, { schema: consentDocument }),
    onSuccess: (doc) => {
      setConfirming(false);
      notify({
        color: 'green',
        title: `Version ${doc.version} published`,
        message: 'It is now the current consent form.',
      });
      void queryClient.invalidateQueries({ queryKey: documentsKey });
      void queryClient.invalidateQueries({ queryKey: ['patients'] });
      onDone();
    },
    onError: (err) => {
      applyServerErrors(form, err);
      setConfirming(false);
    },
  });
  const unchanged =
    latest && form.values.title.trim() === latest.title && form.values.body.trim() === latest.body.trim();
  const next = (latest?.version ?? 0) + 1;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="publish-h">
      <form noValidate aria-label="Publish a new version" onSubmit={form.onSubmit(() => setConfirming(true))}>
        <Stack gap="md">
          <Title order={2} size="h4" id="publish-h">
            Draft version {next}
          </Title>
          <Text size="sm" c="dimmed">
            Start from the current text and edit it. Nothing changes for anyone until you publish.
          </Text>
          <ErrorAlert error={publish.error} />
          <TextInput label="Title" required {...form.getInputProps('title')} />
          <Textarea
            label="Text"
            required
            autosize
            minRows={12}
            maxRows={30}
            {...form.getInputProps('body')}
          />
          <Group>
            <Button type="submit" disabled={Boolean(unchanged)}>
              Publish version {next}…
            </Button>
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            {unchanged ? (
              <Text size="sm" c="dimmed">
                Edit the text to publish a new version.
              </Text>
            ) : null}
          </Group>
        </Stack>
      </form>
      <ConfirmModal
        opened={confirming}
        title={`Publish version ${next} of the consent form?`}
        confirmLabel={`Publish version ${next}`}
        loading={publish.isPending}
        error={publish.error}
        onConfirm={() => publish.mutate(form.getValues())}
        onClose={() => !publish.isPending && setConfirming(false)}
      >
        <Stack gap="xs">
          <Text>
            Version {next} becomes the current form for every patient. Signed versions never change: each
            signature stays attached to the exact text that was signed.
          </Text>
          <Text>
            Patients who signed an earlier version will show &ldquo;consent out of date&rdquo; and must read
            and sign version {next} before their next dosing session. Published text cannot be edited
            afterwards — only replaced by another new version. This is recorded in the audit log.
          </Text>
        </Stack>
      </ConfirmModal>
    </Card>
  );
}

/** The consent form's versions (admin). A version is never edited once published: a new one replaces it. */
export default function ConsentVersionsPage() {
  const docs = useConsentDocuments();
  const [drafting, setDrafting] = useState(false);
  const list = docs.data?.documents ?? [];
  const latest = list[0];
  return (
    <Stack gap="lg" maw={960}>
      <Group justify="space-between" align="flex-start">
        <div>
          <PageTitle mb={4}>Consent forms</PageTitle>
          <Text c="dimmed">
            The informed-consent text patients sign. Signed versions never change; to change the wording,
            publish a new version.
          </Text>
        </div>
        {!drafting && docs.data ? (
          <Button
            leftSection={<IconFilePlus size={18} aria-hidden="true" />}
            onClick={() => setDrafting(true)}
          >
            New version
          </Button>
        ) : null}
      </Group>
      {drafting ? <PublishForm latest={latest} onDone={() => setDrafting(false)} /> : null}
      {docs.isPending ? <Loading label="Loading consent forms" /> : null}
      <ErrorAlert error={docs.error} title="Could not load the consent forms" />
      {docs.data ? (
        list.length === 0 ? (
          <Text>No consent form is published yet.</Text>
        ) : (
          <Accordion variant="separated" radius="md">
            {list.map((d) => (
              <Accordion.Item key={d.id} value={d.id} data-testid="consent-version">
                <Accordion.Control>
                  <Group gap="sm">
                    <Text fw={600}>Version {d.version}</Text>
                    <Text>{d.title}</Text>
                    {d.id === latest?.id ? (
                      <Badge
                        color="green"
                        variant="light"
                        leftSection={<IconCircleCheck size={12} aria-hidden="true" />}
                        styles={NO_CLIP}
                      >
                        Current
                      </Badge>
                    ) : null}
                    <Text size="sm" c="dimmed">
                      published {formatDateTime(d.createdAt)}
                    </Text>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <Text size="sm" c="dimmed" mb="xs">
                    Fingerprint (SHA-256 of title and text): <Code>{d.bodyHash.slice(0, 16)}…</Code>
                  </Text>
                  <Text style={{ whiteSpace: 'pre-wrap' }}>{d.body}</Text>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        )
      ) : null}
    </Stack>
  );
}
