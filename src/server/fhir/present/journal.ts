import type { DocumentReference } from '@medplum/fhirtypes';
import type { JournalEntryRow } from '../../features/journal';
import { BASE_PROFILE, coding, concept, LOINC, meta, ref } from './common';

/**
 * A journal entry (issue #17) as a DocumentReference: it is a document the patient wrote (free text with an
 * author and a date), not a measurement, so an Observation would misstate it (no code for a value, and it
 * would be found by searches for clinical observations). Type: LOINC 51855-5 "Patient Note"; category: the
 * entry's kind (intention, reflection, free) in Liminal's code system; the text as a plain-text attachment.
 * Staff clients receive only entries shared now; the patient's own token and export receive all of theirs.
 */
export const JOURNAL_KIND_SYSTEM = 'urn:liminal:journal-entry-kind';
const KIND_WORDS: Record<string, string> = {
  intention: 'Intention before a dosing session',
  reflection: 'Reflection after a dosing session',
  free: 'Journal entry',
};

export function presentJournalEntry(e: JournalEntryRow): DocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: e.id,
    meta: meta(e.updated_at, [BASE_PROFILE('DocumentReference')]),
    status: 'current',
    docStatus: 'final',
    type: concept([coding(LOINC, '51855-5', 'Patient Note')], 'Integration journal entry'),
    category: [concept([coding(JOURNAL_KIND_SYSTEM, e.kind, KIND_WORDS[e.kind] ?? e.kind)])],
    subject: ref('Patient', e.patient_id),
    date: e.updated_at,
    author: [ref('Patient', e.patient_id)],
    description: KIND_WORDS[e.kind] ?? 'Journal entry',
    securityLabel: [
      concept(
        [coding('http://terminology.hl7.org/CodeSystem/v3-Confidentiality', 'R', 'restricted')],
        e.shared === 1 ? 'Shared by the patient with their care team' : 'Private to the patient',
      ),
    ],
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: 'en',
          data: Buffer.from(e.body, 'utf8').toString('base64'),
          title: KIND_WORDS[e.kind] ?? 'Journal entry',
          creation: e.created_at,
        },
      },
    ],
    context: { period: { start: e.created_at } },
  };
}
