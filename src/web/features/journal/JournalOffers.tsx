import { Button, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconQuote } from '@tabler/icons-react';
import { useState } from 'react';
import type { SharedEntryOut } from '../../../contracts/journal';
import { useSharedJournal } from './journal-query';
import { KIND_WORDS, shortDayWords } from './words';

/** How a shared entry is quoted into a note: the patient's words in quotation marks, with what and when. */
export function quoteOf(e: SharedEntryOut): string {
  const kind = (KIND_WORDS[e.kind] ?? 'Journal entry').toLowerCase();
  return `Patient’s journal (${kind}, ${shortDayWords(e.writtenAt)}): “${(e.body ?? '').trim()}”`;
}

/**
 * Beside the integration note: the journal entries the patient shared in this course, each quoted with its
 * date, to insert into a field of the note. Only shared entries are ever here.
 */
export function JournalOffers({
  patientId,
  courseId,
  fields,
  onInsert,
}: {
  patientId: string;
  courseId: string | null;
  fields: { key: string; label: string }[];
  onInsert: (fieldKey: string, quote: string) => void;
}) {
  const q = useSharedJournal(patientId);
  const [target, setTarget] = useState<string>(fields[0]?.key ?? '');
  const [inserted, setInserted] = useState<Set<string>>(new Set());
  const offered = (q.data?.entries ?? []).filter(
    (e) => e.shared && e.body !== null && e.courseId === courseId,
  );
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-labelledby="journal-offers-h"
      data-testid="journal-offers"
    >
      <Stack gap="sm">
        <Title order={2} size="h5" id="journal-offers-h">
          From the patient’s journal
        </Title>
        {offered.length === 0 ? (
          <Text c="dimmed" size="sm">
            Nothing shared in this course yet. Patients share entries from their journal on the portal.
          </Text>
        ) : (
          <>
            <Select
              label="Insert into"
              data={fields.map((f) => ({ value: f.key, label: f.label }))}
              value={target}
              onChange={(v) => v && setTarget(v)}
              allowDeselect={false}
            />
            {offered.map((e) => (
              <Stack key={e.id} gap={4} data-testid="journal-offer">
                <Text size="sm" fw={600}>
                  {KIND_WORDS[e.kind] ?? 'Journal entry'}, {shortDayWords(e.writtenAt)}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={6}>
                  “{e.body}”
                </Text>
                <Button
                  variant="light"
                  size="sm"
                  leftSection={<IconQuote size={16} aria-hidden="true" />}
                  onClick={() => {
                    onInsert(target, quoteOf(e));
                    setInserted(new Set(inserted).add(e.id));
                  }}
                >
                  {inserted.has(e.id) ? 'Inserted: insert again' : 'Insert quoted'}
                </Button>
              </Stack>
            ))}
          </>
        )}
      </Stack>
    </Paper>
  );
}
