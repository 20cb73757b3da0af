import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Loader,
  Stack,
  Text,
  ThemeIcon,
  useComputedColorScheme,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconDownload,
  IconFileTypePdf,
  IconJson,
} from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';
import { type ExportFile, type ExportStatus, isRunning } from './export-query';

/**
 * What each FHIR file holds, in plain words (the file name is shown beside it for other systems), in the
 * order a person reads their record.
 */
const TYPE_WORDS: Record<string, string> = {
  Patient: 'Personal details',
  Condition: 'Diagnoses and health conditions',
  AllergyIntolerance: 'Allergies',
  MedicationStatement: 'Medicines taken at home (as reported)',
  Consent: 'Consent forms signed',
  CarePlan: 'Treatment plan',
  Encounter: 'Visits and treatment sessions',
  MedicationAdministration: 'Doses given in the clinic',
  Medication: 'Medicines used',
  Observation: 'Scores, vital signs and other measurements',
  QuestionnaireResponse: 'Questionnaire answers',
  Questionnaire: 'Questionnaires used',
  Practitioner: 'Clinicians',
  PractitionerRole: "Clinicians' roles",
  Organization: 'The clinic',
  Location: 'Clinic sites',
  Provenance: 'Who recorded what, and when',
};
const ORDER = Object.keys(TYPE_WORDS);
const rank = (f: ExportFile) => {
  const i = ORDER.indexOf(f.type ?? '');
  return i < 0 ? ORDER.length : i;
};

const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} bytes`
    : bytes < 1024 * 1024
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

/**
 * A file as a link. In the dim theme a card's background is lighter than the page's, where the theme's link
 * colour falls just short of 4.5:1, so links here take a lighter shade there.
 */
function FileLink({ file, label }: { file: ExportFile; label: string }) {
  const dim = useComputedColorScheme('light') === 'dark';
  return (
    <Anchor
      href={file.url}
      download={file.name}
      c={dim ? 'lagoon.3' : undefined}
      data-testid="export-file"
      data-file={file.name}
    >
      <IconDownload size={16} aria-hidden="true" style={{ verticalAlign: 'text-bottom' }} /> {label}
    </Anchor>
  );
}

/** The PDF is what most people want: a button, easy to tap on a phone. */
function PdfButton({ file }: { file: ExportFile }) {
  return (
    <Button
      component="a"
      href={file.url}
      download={file.name}
      leftSection={<IconDownload size={18} aria-hidden="true" />}
      data-testid="export-file"
      data-file={file.name}
    >
      Readable summary (PDF, {size(file.bytes)})
    </Button>
  );
}

interface Props {
  status: ExportStatus | undefined;
  /** A failed status check (the job itself may still be fine). */
  error: unknown;
  onCheckAgain: () => void;
  /** The patient reads "your record"; staff read "the record". */
  audience: 'patient' | 'staff';
}

/**
 * An export as it runs and once it is ready: progress announced to screen readers, then the readable PDF
 * summary first and the FHIR files after it, each with what it holds.
 */
export function ExportResult({ status, error, onCheckAgain, audience }: Props) {
  const yours = audience === 'patient' ? 'your' : 'the';
  if (error && !status)
    return (
      <Stack gap="xs">
        <ErrorAlert error={error} title="Could not check on the export" />
        <Group>
          <Button variant="default" onClick={onCheckAgain}>
            Check again
          </Button>
        </Group>
      </Stack>
    );
  if (!status) return null;

  if (isRunning(status))
    return (
      <Stack gap="xs" data-testid="export-progress">
        <Group gap="sm" wrap="nowrap" role="status" aria-live="polite">
          <Loader size="sm" aria-hidden="true" />
          <Text>
            {status.status === 'accepted'
              ? `Getting ready to gather ${yours} record…`
              : `Gathering ${yours} record${status.progress && status.progress !== 'queued' ? ` (${status.progress})` : ''}…`}
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          This usually takes a few seconds. You can stay on this page; the files appear here when they are
          ready.
        </Text>
        {error ? (
          <Stack gap="xs">
            <ErrorAlert error={error} title="Lost touch with the server while waiting" />
            <Group>
              <Button variant="default" onClick={onCheckAgain}>
                Check again
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Stack>
    );

  if (status.status === 'failed')
    return (
      <Alert
        role="alert"
        color="red"
        variant="light"
        title="The export could not be finished"
        icon={<IconAlertTriangle aria-hidden="true" />}
      >
        Nothing was sent anywhere. Please start it again; if it fails again,{' '}
        {audience === 'patient' ? 'tell the clinic.' : 'report it to your administrator.'}
      </Alert>
    );

  const pdf = status.files.filter((f) => f.contentType === 'application/pdf');
  const fhir = status.files.filter((f) => f.type).sort((a, b) => rank(a) - rank(b));
  return (
    <Stack gap="md" data-testid="export-ready">
      <Group gap="sm" wrap="nowrap" role="status">
        <ThemeIcon color="green" variant="light" radius="xl" aria-hidden="true">
          <IconCircleCheck size={18} />
        </ThemeIcon>
        <Text fw={600}>
          Ready. The files can be downloaded until {formatDateTime(status.expiresAt)}; after that they are
          deleted{audience === 'patient' ? ' and you can make a new one' : ''}.
        </Text>
      </Group>
      {pdf.length ? (
        <Stack gap={4}>
          <Group gap="xs">
            <IconFileTypePdf size={20} aria-hidden="true" />
            <Text fw={600}>To read or print</Text>
          </Group>
          <Text size="sm">
            A summary of {yours} record as a PDF document: details, diagnoses, allergies, medicines, treatment
            sessions and doses, vital signs and questionnaire scores.
          </Text>
          <Group mt={4}>
            {pdf.map((f) => (
              <PdfButton key={f.name} file={f} />
            ))}
          </Group>
        </Stack>
      ) : null}
      <Stack gap={4}>
        <Group gap="xs">
          <IconJson size={20} aria-hidden="true" />
          <Text fw={600}>For other health systems and apps</Text>
        </Group>
        <Text size="sm">
          The complete record in FHIR, the standard format health records use to move between systems. Each
          file holds one kind of information, one entry per line (NDJSON). They are meant for a computer, not
          for reading:{' '}
          {audience === 'patient'
            ? 'give them to a new clinic or an app that asks for'
            : 'send them to a system that imports'}{' '}
          FHIR R4.
        </Text>
        {fhir.length ? (
          <List spacing={4} listStyleType="none" aria-label="FHIR files">
            {fhir.map((f) => (
              <List.Item key={f.name}>
                <FileLink
                  file={f}
                  label={`${TYPE_WORDS[f.type as string] ?? f.type} — ${f.name} (${entries(f.count)})`}
                />
              </List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" c="dimmed">
            There was nothing to put in the FHIR files.
          </Text>
        )}
      </Stack>
    </Stack>
  );
}
