import { Alert, List, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ScrollTable } from '../../components/ScrollTable';
import { formatTime } from '../../lib/format';
import { sideEffectLabel } from '../sessions/entries';
import { Section } from '../sessions/Section';
import type { AtHomeDetail } from './athome-query';
import { Facts } from './TimelineSection';

const OUTCOME_WORDS: Record<string, string> = {
  incomplete: 'In progress',
  hold: 'Held by the rules',
  recheck: 'Re-check asked for',
  awaiting_go: 'Complete: waiting for the go',
  go: 'Complete: go',
};
const STEP_WORDS: Record<string, string> = {
  mood: 'mood and intention',
  safety: 'safety questions',
  reading: 'blood pressure and pulse',
  sitter: 'sitter’s confirmation',
};
function checkInWords(s: AtHomeDetail): string {
  const d = s.checkIn.decision;
  if (s.go)
    return `complete · go given at ${formatTime(s.go.at)} ${s.go.kind === 'rules' ? 'by the clinic’s rules' : `by ${s.go.by?.name ?? 'a clinician'}`}`;
  if (!d) return 'not started';
  const missing = d.missing.length
    ? ` · still to do: ${d.missing.map((m) => STEP_WORDS[m] ?? m).join(', ')}`
    : '';
  return `${OUTCOME_WORDS[d.outcome] ?? d.outcome}${missing}`;
}
const yes = (v: boolean | undefined) => (v === undefined ? null : v ? 'yes' : 'no');

/** The patient's check-in, the sitter, the dose and the check-outs, as the patient and sitter gave them. */
export function CheckInSection({ s }: { s: AtHomeDetail }) {
  const c = s.checkIn;
  const d = c.decision;
  const pc = s.patientCheckout;
  const sc = s.sitterCheckout;
  return (
    <Section id="athome-checkin" title="Check-in and check-out">
      <Facts
        items={[
          ['Check-in opens', formatTime(c.opensAt)],
          ['Mood', c.mood !== null ? `${c.mood} of 10` : 'not yet'],
          ['Intention', c.intention],
          ['Check-in', checkInWords(s)],
          ['Re-check from', c.recheckAt ? formatTime(c.recheckAt) : null],
        ]}
      />
      {d?.reasons.length && !s.go ? (
        <Alert
          color={d.outcome === 'hold' || d.outcome === 'recheck' ? 'red' : 'gray'}
          variant="light"
          icon={<IconAlertTriangle aria-hidden="true" />}
          title={
            d.outcome === 'hold' || d.outcome === 'recheck'
              ? 'What the rules found'
              : 'What the patient was told'
          }
        >
          <List size="sm">
            {d.reasons.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
            {d.fired.map((f) => (
              <List.Item key={f.ruleId}>
                Rule: {f.message} — source: {f.source}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      <Stack gap={4}>
        <Title order={3} size="h5">
          Safety questions
        </Title>
        <List size="sm" spacing={2}>
          {c.questions.map((q) => (
            <List.Item key={q.id}>
              {q.text}{' '}
              <Text span fw={700}>
                {yes(c.safetyAnswers[q.id]) ?? 'not answered'}
              </Text>
            </List.Item>
          ))}
        </List>
      </Stack>
      {c.readings.length ? (
        <ScrollTable minWidth={320} label="Home readings">
          <Table verticalSpacing={4} striped data-testid="athome-readings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Time</Table.Th>
                <Table.Th scope="col">Blood pressure</Table.Th>
                <Table.Th scope="col">Pulse</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.readings.map((r) => (
                <Table.Tr key={r.at}>
                  <Table.Th scope="row" fw={500}>
                    {formatTime(r.at)}
                  </Table.Th>
                  <Table.Td>
                    {r.sbp}/{r.dbp} mmHg
                  </Table.Td>
                  <Table.Td>{r.hr}/min</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      ) : (
        <Text size="sm">No home reading yet.</Text>
      )}
      <Facts
        items={[
          [
            'Sitter',
            s.sitter.name
              ? `${s.sitter.name}${s.sitter.confirmedAt ? `, confirmed present at ${formatTime(s.sitter.confirmedAt)}` : s.sitter.invitedAt ? ', invited, not confirmed yet' : ''}`
              : 'not named yet',
          ],
          [
            'Dose taken',
            s.dose
              ? `${formatTime(s.dose.takenAt)}, ${s.dose.troches} troche${s.dose.troches === 1 ? '' : 's'}`
              : null,
          ],
          [
            'Patient’s check-out',
            pc
              ? `${formatTime(pc.at)} · ${pc.answers.settled ? 'settled' : 'not settled'} · side effects: ${pc.answers.sideEffects.map(sideEffectLabel).join(', ') || 'none'} · dissociation ${pc.answers.dissociation}/10 · experience ${pc.answers.experience}/10${pc.answers.doseLeft ? ' · some of the dose not taken' : ''}${pc.answers.note ? ` · “${pc.answers.note}”` : ''}`
              : null,
          ],
          [
            'Sitter’s check-out',
            sc
              ? `${formatTime(sc.at)} · ${sc.answers.settled ? 'patient settled' : 'patient not settled'} · ${sc.answers.stayedWholeSession ? 'stayed the whole session' : 'did not stay the whole session'}${sc.answers.note ? ` · “${sc.answers.note}”` : ''}`
              : null,
          ],
          ['Troches left (counted)', s.remainingTroches !== null ? String(s.remainingTroches) : null],
        ]}
      />
      {pc ? (
        <Text size="xs" c="dimmed">
          {s.ratingNote}
        </Text>
      ) : null}
    </Section>
  );
}
