import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconUserPlus } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { NO_CLIP } from '../../components/badges';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { ageFrom, formatDate, formatDateTime } from '../../lib/format';
import { notify } from '../../lib/notify';
import { useMe } from '../../lib/session';
import { stateName } from '../../lib/us-states';
import { BookingInviteButton } from '../scheduling/BookingInviteButton';
import { EnquiryStatusBadge, UrgentBadge } from './EnquiryBadges';
import { EnquiryNotes } from './EnquiryNotes';
import { useEnquiry, useEnquiryActions } from './enquiry-query';
import { concernLabel, contactTimeLabel, redFlagLabel } from './labels';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={500}>{children}</Text>
    </div>
  );
}

/** One consultation request: who, how to reach them, what they said, the notes, and the next step. */
export default function EnquiryDetailPage() {
  const id = useParams().enquiryId ?? '';
  const me = useMe().data;
  const navigate = useNavigate();
  const enquiry = useEnquiry(id);
  const { convert } = useEnquiryActions(id);
  const [confirming, setConfirming] = useState(false);
  const canConvert = me?.permissions.includes('patients.write') ?? false;

  if (enquiry.isPending) return <Loading label="Loading the enquiry" />;
  if (enquiry.error) return <ErrorAlert error={enquiry.error} title="Could not load the enquiry" />;
  const e = enquiry.data;
  const name = `${e.firstName} ${e.lastName}`;
  const age = ageFrom(e.dateOfBirth);

  const doConvert = () =>
    convert.mutate(undefined, {
      onSuccess: (res) => {
        setConfirming(false);
        notify({
          color: 'green',
          title: 'Patient record created',
          message: `${name} is now patient ${res.chartNumber}.`,
        });
        navigate(`/app/patients/${res.patientId}`);
      },
    });

  return (
    <Stack gap="lg" maw={960}>
      <Anchor component={Link} to="/app/enquiries" size="sm">
        <IconArrowLeft size={14} aria-hidden="true" style={{ verticalAlign: 'middle' }} /> All enquiries
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm" mb={4}>
            <PageTitle mb={0}>{name}</PageTitle>
            {e.urgent ? <UrgentBadge /> : null}
            <EnquiryStatusBadge status={e.status} />
          </Group>
          <Text c="dimmed">Received {formatDateTime(e.createdAt)}</Text>
        </div>
        <Group gap="sm" align="flex-start">
          {!e.patientId && (e.status === 'new' || e.status === 'contacted') ? (
            <BookingInviteButton enquiryId={e.id} />
          ) : null}
          {e.patientId ? (
            <Button component={Link} to={`/app/patients/${e.patientId}`} variant="default">
              Open the patient chart
            </Button>
          ) : canConvert && e.status !== 'declined' ? (
            <Button
              leftSection={<IconUserPlus size={18} aria-hidden="true" />}
              onClick={() => setConfirming(true)}
            >
              Convert to patient
            </Button>
          ) : null}
        </Group>
      </Group>

      {e.urgent ? (
        <Alert
          color="red"
          variant="light"
          role="note"
          title="Urgent: call back today"
          icon={<IconAlertTriangle aria-hidden="true" />}
        >
          They reported thoughts of suicide or a recent suicide attempt. On the page they were shown the 988
          Suicide &amp; Crisis Lifeline and 911. A clinician should speak with them as soon as possible.
        </Alert>
      ) : null}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="contact-h">
          <Title order={2} size="h4" id="contact-h" mb="sm">
            Contact
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Field label="Phone">
              <Anchor href={`tel:${e.phone}`} c="inherit" underline="always">
                {e.phone}
              </Anchor>
            </Field>
            <Field label="Email">
              <Anchor
                href={`mailto:${e.email}`}
                c="inherit"
                underline="always"
                style={{ wordBreak: 'break-all' }}
              >
                {e.email}
              </Anchor>
            </Field>
            <Field label="Best time to call">{contactTimeLabel(e.preferredContactTime)}</Field>
            <Field label="Lives in">{stateName(e.state)}</Field>
            <Field label="Date of birth">
              {formatDate(e.dateOfBirth)}
              {age !== null ? ` (${age})` : ''}
            </Field>
          </SimpleGrid>
        </Card>
        <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="told-h">
          <Title order={2} size="h4" id="told-h" mb="sm">
            What they told us
          </Title>
          <Text size="sm" c="dimmed">
            Looking for help with
          </Text>
          <List mb="sm">
            {e.concerns.map((c) => (
              <List.Item key={c}>{concernLabel(c)}</List.Item>
            ))}
          </List>
          <Text size="sm" c="dimmed" mb={4}>
            Pre-screen answers
          </Text>
          {e.redFlags.length === 0 ? (
            <Text>None of the pre-screen items apply.</Text>
          ) : (
            <Group gap="xs">
              {e.redFlags.map((f) => (
                <Badge
                  key={f}
                  color={f === 'recent_suicide_attempt' ? 'red' : 'yellow'}
                  variant="light"
                  size="lg"
                  leftSection={<IconAlertTriangle size={14} aria-hidden="true" />}
                  styles={NO_CLIP}
                >
                  {redFlagLabel(f)}
                </Badge>
              ))}
            </Group>
          )}
          {e.redFlags.length ? (
            <Text size="sm" c="dimmed" mt="xs">
              For the prescriber to review at the consultation; none of them decides eligibility on its own.
            </Text>
          ) : null}
        </Card>
      </SimpleGrid>

      <EnquiryNotes enquiry={e} />

      <ConfirmModal
        opened={confirming}
        title={`Create a patient record for ${name}?`}
        confirmLabel="Create patient record"
        loading={convert.isPending}
        error={convert.error}
        onConfirm={doConvert}
        onClose={() => !convert.isPending && setConfirming(false)}
      >
        <Stack gap="xs">
          <Text>A new patient chart, in intake, is created from this enquiry with:</Text>
          <List size="sm">
            <List.Item>
              Name: {name}; date of birth: {formatDate(e.dateOfBirth)}
            </List.Item>
            <List.Item>State: {stateName(e.state)}</List.Item>
            <List.Item>
              Email {e.email} and phone {e.phone}
            </List.Item>
          </List>
          <Text>
            The enquiry is marked &ldquo;converted&rdquo; and leaves the open inbox; its notes stay with it.
            Nothing is sent to {e.firstName}. This is recorded in the audit log.
          </Text>
        </Stack>
      </ConfirmModal>
    </Stack>
  );
}
