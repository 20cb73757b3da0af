import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Collapse,
  Group,
  Progress,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft, IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { okSchema } from '../../../contracts/common';
import { portalSignBody, revokeBody, signedResponse } from '../../../contracts/consent';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors, zodResolver } from '../../components/form';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import type { ConsentDocument } from '../consent/consent-query';
import { CrisisBar } from '../public/CrisisNotice';
import { portalConsentKey, usePortalConsent, usePortalProfile } from './portal-query';

function DocumentText({ doc }: { doc: ConsentDocument }) {
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-labelledby="consent-doc-h">
      <Title order={2} size="h4" id="consent-doc-h" mb={4}>
        {doc.title}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Version {doc.version}
      </Text>
      <Text style={{ whiteSpace: 'pre-wrap', lineHeight: 1.65 }} data-testid="consent-text">
        {doc.body}
      </Text>
    </Card>
  );
}

/** Step 2: type your full name and tick "I agree". */
function SignStep({ doc, fullName, onBack }: { doc: ConsentDocument; fullName: string; onBack: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { signedName: '', agree: false },
    validate: (v) =>
      zodResolver(portalSignBody)({ documentId: doc.id, signedName: v.signedName, agree: v.agree }),
  });
  const sign = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post(
        '/api/portal/consent/sign',
        { documentId: doc.id, signedName: v.signedName, agree: true },
        { schema: signedResponse },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: portalConsentKey }),
    onError: (err) => applyServerErrors(form, err),
  });
  return (
    <form noValidate aria-label="Sign the consent form" onSubmit={form.onSubmit((v) => sign.mutate(v))}>
      <Stack gap="md">
        <Text size="lg">
          By signing you confirm that you have read version {doc.version} of the form, that your questions
          have been answered, and that you agree to ketamine-assisted psychotherapy. You can withdraw at any
          time.
        </Text>
        <ErrorAlert error={sign.error} />
        <TextInput
          label="Type your full name"
          description={fullName ? `As your clinic has it: ${fullName}` : undefined}
          autoComplete="name"
          required
          size="lg"
          {...form.getInputProps('signedName')}
        />
        <Checkbox
          size="lg"
          label="I have read this form and I agree"
          {...form.getInputProps('agree', { type: 'checkbox' })}
        />
        <Button type="submit" size="lg" loading={sign.isPending} fullWidth>
          Sign consent
        </Button>
        <Button
          variant="subtle"
          onClick={onBack}
          leftSection={<IconArrowLeft size={18} aria-hidden="true" />}
        >
          Back to the form
        </Button>
      </Stack>
    </form>
  );
}

/** Withdrawing consent: a reason, then it is recorded. Nothing else about the patient's care changes here. */
function Withdraw({ signatureId, onCancel }: { signatureId: string; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: { reason: '' }, validate: zodResolver(revokeBody) });
  const revoke = useMutation({
    mutationFn: (reason: string) =>
      api.post(`/api/portal/consent/${signatureId}/revoke`, { reason }, { schema: okSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: portalConsentKey }),
    onError: (err) => applyServerErrors(form, err),
  });
  return (
    <Card withBorder radius="md" padding="lg">
      <form noValidate aria-label="Withdraw consent" onSubmit={form.onSubmit((v) => revoke.mutate(v.reason))}>
        <Stack gap="md">
          <Title order={2} size="h4">
            Withdraw your consent
          </Title>
          <Text>
            Your care team will be told, and no treatment sessions will go ahead until you sign again.
            Withdrawing does not affect the rest of your care. You can sign again later.
          </Text>
          <ErrorAlert error={revoke.error} />
          <Textarea
            label="Why are you withdrawing?"
            required
            autosize
            minRows={3}
            size="md"
            {...form.getInputProps('reason')}
          />
          <Button type="submit" color="red" size="lg" loading={revoke.isPending} fullWidth>
            Withdraw consent
          </Button>
          <Button variant="default" onClick={onCancel} disabled={revoke.isPending}>
            Keep my consent
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

/** The consent form in the portal: read (step 1), sign (step 2); afterwards the signed state and withdrawal. */
export default function PortalConsentPage() {
  const consent = usePortalConsent();
  const profile = usePortalProfile();
  const [step, setStep] = useState<'read' | 'sign'>('read');
  const [withdrawing, setWithdrawing] = useState(false);
  const [showText, setShowText] = useState(false);

  const back = (
    <Anchor component={Link} to="/portal" size="sm">
      <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> Home
    </Anchor>
  );
  if (consent.isPending) return <Loading label="Loading your consent form" />;
  if (consent.error) return <ErrorAlert error={consent.error} title="Could not load your consent form" />;
  const { document: doc, status, signatures } = consent.data;
  const fullName = profile.data ? `${profile.data.firstName} ${profile.data.lastName}` : '';

  if (!doc) {
    return (
      <Stack gap="lg">
        <CrisisBar />
        {back}
        <PageTitle>Consent form</PageTitle>
        <Text>Your clinic has not published a consent form yet. Nothing to do for now.</Text>
      </Stack>
    );
  }

  if (status.isCurrent && status.signatureId) {
    const mine = signatures.find((s) => s.id === status.signatureId);
    return (
      <Stack gap="lg">
        <CrisisBar />
        {back}
        <PageTitle>Your consent</PageTitle>
        <Alert
          color="green"
          variant="light"
          icon={<IconCircleCheck aria-hidden="true" />}
          title="Signed"
          role="status"
          data-testid="consent-signed"
        >
          You signed version {status.documentVersion} on {formatDateTime(status.signedAt)}
          {mine ? ` as “${mine.signedName}”` : ''}.
        </Alert>
        {withdrawing ? (
          <Withdraw signatureId={status.signatureId} onCancel={() => setWithdrawing(false)} />
        ) : (
          <>
            <Button variant="default" onClick={() => setShowText((s) => !s)} aria-expanded={showText}>
              {showText ? 'Hide the form' : 'Read what you signed'}
            </Button>
            <Collapse expanded={showText}>
              <DocumentText doc={doc} />
            </Collapse>
            <Text>Changed your mind? You can withdraw your consent at any time.</Text>
            <Button variant="outline" color="red" onClick={() => setWithdrawing(true)}>
              Withdraw consent
            </Button>
          </>
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <CrisisBar />
      {back}
      <div>
        <PageTitle mb={4}>{step === 'read' ? 'Read your consent form' : 'Sign your consent form'}</PageTitle>
        <Text size="sm" c="dimmed">
          Step {step === 'read' ? 1 : 2} of 2
        </Text>
        <Progress.Root mt={6} size="md">
          <Progress.Section
            value={step === 'read' ? 50 : 100}
            aria-label={`Step ${step === 'read' ? 1 : 2} of 2`}
          />
        </Progress.Root>
      </div>
      {status.documentVersion !== null ? (
        <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden="true" />}>
          The form has changed since you signed version {status.documentVersion}. Please read the new version.
        </Alert>
      ) : null}
      {step === 'read' ? (
        <>
          <Text>Take your time. If anything is unclear, ask your care team before you sign.</Text>
          <DocumentText doc={doc} />
          <Group>
            <Button
              size="lg"
              fullWidth
              onClick={() => {
                setStep('sign');
                window.scrollTo(0, 0);
              }}
            >
              I have read it — continue
            </Button>
          </Group>
        </>
      ) : (
        <SignStep doc={doc} fullName={fullName} onBack={() => setStep('read')} />
      )}
    </Stack>
  );
}
