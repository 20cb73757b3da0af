import { Alert, Badge, Button, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconDatabaseExport,
  IconLock,
  IconLockOpen,
  IconReceipt,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { backupRun, type DataProtectionStatus, dataProtectionStatus } from '../../../contracts/protection';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { api } from '../../lib/api';
import { formatDateTime, formatSpan } from '../../lib/format';
import { notify } from '../../lib/notify';

export const dataProtectionKey = ['admin', 'data-protection'] as const;

export const useDataProtection = (enabled = true) =>
  useQuery({
    queryKey: dataProtectionKey,
    queryFn: ({ signal }) => api.get('/api/admin/data-protection', { schema: dataProtectionStatus, signal }),
    enabled,
    // While a backup runs, follow it until it ends.
    refetchInterval: (q) => (q.state.data?.backups.running ? 2000 : false),
  });

const size = (bytes: number) =>
  bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

const keyWords = (k: string) =>
  k === 'LIMINAL_BACKUP_KEY'
    ? 'the backup key'
    : k === 'LIMINAL_DB_KEY'
      ? 'the database key'
      : 'no key (not encrypted)';

function Encryption({ s }: { s: DataProtectionStatus }) {
  if (s.encryption === 'postgres')
    return (
      <Text>
        This clinic runs on PostgreSQL. Its data is encrypted at rest by the database server's disk or volume
        encryption, which your IT sets up; Liminal only connects to a remote database over TLS.
      </Text>
    );
  if (s.encryption === 'on')
    return (
      <Group gap="sm" wrap="nowrap">
        <IconLock size={24} aria-hidden="true" color="var(--mantine-color-green-text)" />
        <Text>
          <strong>On.</strong> The database and its write-ahead log are encrypted with the database key. A
          copied disk or file is unreadable without it.
        </Text>
      </Group>
    );
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconLockOpen aria-hidden="true" />}
      title={s.demo ? 'Off (demo clinic)' : 'Off: patient data is not encrypted at rest'}
    >
      {s.demo
        ? 'The demo clinic keeps its fictional data in a plain file. A clinic with real patients sets a database key.'
        : 'Anyone who copies this computer’s disk or the database file can read every record. Ask your IT to set LIMINAL_DB_KEY (32 or more random characters), stop Liminal, run “liminal db encrypt”, and start it again.'}
    </Alert>
  );
}

function Backups({ s }: { s: DataProtectionStatus }) {
  const queryClient = useQueryClient();
  const now = useMutation({
    mutationFn: () => api.post('/api/admin/data-protection/backups', undefined, { schema: backupRun }),
    onSuccess: (run) => {
      void queryClient.invalidateQueries({ queryKey: dataProtectionKey });
      if (run.ok) notify({ title: 'Backup written', message: `${size(run.bytes ?? 0)}, encrypted.` });
    },
  });
  const b = s.backups;
  const last = b.lastRun;
  return (
    <Stack gap="sm">
      {s.engine === 'postgres' ? (
        <Text>
          Back PostgreSQL up with its own tools (pg_dump or continuous archiving); the README explains how.
        </Text>
      ) : b.scheduled ? (
        <Text>
          Every {b.everyHours} {b.everyHours === 1 ? 'hour' : 'hours'}, encrypted with{' '}
          {keyWords(b.encryptedWith ?? '')}; the newest {b.keep} are kept.
        </Text>
      ) : (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconAlertTriangle aria-hidden="true" />}
          title="Not scheduled"
        >
          {b.encryptedWith
            ? 'Set BACKUP_DIR and BACKUP_EVERY_HOURS to have Liminal back itself up.'
            : 'Backups are encrypted, and no key is set: set LIMINAL_BACKUP_KEY (or LIMINAL_DB_KEY), BACKUP_DIR and BACKUP_EVERY_HOURS.'}
        </Alert>
      )}
      {last ? (
        last.ok ? (
          <Text>
            Last backup: {formatDateTime(last.at)} (
            {last.trigger === 'admin' ? 'started by an admin' : 'scheduled'}), {size(last.bytes ?? 0)} in{' '}
            {formatSpan(last.ms ?? 0)}.
          </Text>
        ) : (
          <Alert color="red" variant="light" title={`The backup of ${formatDateTime(last.at)} failed`}>
            {last.error}
          </Alert>
        )
      ) : null}
      <ErrorAlert error={now.error} title="Could not back up" />
      {s.engine === 'sqlite' ? (
        <Group>
          <Button
            leftSection={<IconDatabaseExport size={18} aria-hidden="true" />}
            loading={now.isPending || b.running}
            disabled={!b.encryptedWith}
            onClick={() => now.mutate()}
          >
            Back up now
          </Button>
        </Group>
      ) : null}
      {b.recent.length ? (
        <Table.ScrollContainer minWidth={480}>
          <Table striped aria-label="Recent backups">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Made</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>Encrypted with</Table.Th>
                <Table.Th>Audit entries</Table.Th>
                <Table.Th>Ledger entries</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {b.recent.map((r) => (
                <Table.Tr key={r.at}>
                  <Table.Td>{formatDateTime(r.at)}</Table.Td>
                  <Table.Td>{size(r.bytes)}</Table.Td>
                  <Table.Td>{keyWords(r.encryptedWith)}</Table.Td>
                  <Table.Td>{r.auditEntries ?? '—'}</Table.Td>
                  <Table.Td>{r.ledgerEntries ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <Text size="sm" c="dimmed">
        Practise a restore now and then: “liminal restore --dry-run &lt;backup&gt;” checks the key, the
        checksum, the database’s integrity, the rows in every table and both hash chains, and changes nothing.
      </Text>
    </Stack>
  );
}

function Receipts({ s }: { s: DataProtectionStatus }) {
  const r = s.receipts.last;
  return (
    <Stack gap="xs">
      <Text>
        Once a day Liminal signs the current end of the audit log and of the controlled-substance ledger and
        emails it to every admin. Keep those emails: with one, anyone can check later that neither record was
        cut short or rewritten (“liminal verify-audit --receipt” and “liminal ledger verify --receipt”).
      </Text>
      {r ? (
        <Group gap="sm">
          <Badge color="green" variant="light" leftSection={<IconReceipt size={14} aria-hidden="true" />}>
            Last receipt
          </Badge>
          <Text>
            {formatDateTime(r.at)}: {r.auditEntries ?? 0} audit entries, {r.ledgerEntries ?? 0} ledger
            entries.
          </Text>
        </Group>
      ) : (
        <Text c="dimmed">
          No receipt yet: the first is issued within a few minutes of the server starting.
        </Text>
      )}
    </Stack>
  );
}

/** "7 days", "1 day", "36 hours": a keeping time in whole days where it is one. */
function keptFor(hours: number): string {
  if (hours % 24 === 0) return hours === 24 ? '1 day' : `${hours / 24} days`;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

function RetryRecords({ s }: { s: DataProtectionStatus }) {
  return (
    <Text>
      When a tablet or phone sends a change again because it never heard back (a dropped connection, or back
      online after working offline), Liminal recognises it and applies it once. The short record that makes
      this possible, with the answer sent the first time, is kept for {keptFor(s.retryRecords.keepHours)} and
      then removed; each removal is written to the audit log.
    </Text>
  );
}

function SignInRecords({ s }: { s: DataProtectionStatus }) {
  const days = s.signInRecords.keepDays;
  return (
    <Text>
      Each sign-in has a short record (the device’s address and browser) that lets Liminal recognise it. Once
      a sign-in is over, its record is kept for {days === 1 ? '1 day' : `${days} days`} and then removed; each
      removal is written to the audit log, which keeps who signed in and when.
    </Text>
  );
}

/**
 * The admin's data-protection page (issue #20): encryption at rest, backups, chain receipts, retry records and
 * sign-in records.
 */
export default function DataProtectionPage() {
  const status = useDataProtection();
  return (
    <Stack gap="lg" maw={960}>
      <PageTitle>Data protection</PageTitle>
      {status.isPending ? <Loading label="Loading data protection" /> : null}
      <ErrorAlert error={status.error} title="Could not load data protection" />
      {status.data ? (
        <>
          <Section title="Encryption at rest">
            <Encryption s={status.data} />
          </Section>
          <Section title="Backups">
            <Backups s={status.data} />
          </Section>
          <Section title="Chain receipts">
            <Receipts s={status.data} />
          </Section>
          <Section title="Records of resent changes">
            <RetryRecords s={status.data} />
          </Section>
          <Section title="Records of sign-ins">
            <SignInRecords s={status.data} />
          </Section>
          <Section title="Where this is set">
            <List size="sm" spacing={4}>
              <List.Item>
                LIMINAL_DB_KEY: the database key (or LIMINAL_DB_KEY_FILE, a file that holds it).
              </List.Item>
              <List.Item>
                LIMINAL_BACKUP_KEY: a separate key for backups (otherwise the database key).
              </List.Item>
              <List.Item>BACKUP_DIR, BACKUP_EVERY_HOURS, BACKUP_KEEP: where, how often, how many.</List.Item>
              <List.Item>IDEMPOTENCY_KEEP_HOURS: how long records of resent changes are kept.</List.Item>
              <List.Item>
                SESSION_RECORDS_KEEP_DAYS: how long records of sign-ins are kept once over.
              </List.Item>
            </List>
          </Section>
        </>
      ) : null}
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = `dp-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}
