import type { Communication } from '@medplum/fhirtypes';
import { BASE_PROFILE, coding, compact, concept, meta, ORGANIZATION_ID, ref } from './common';

/**
 * A message between a patient and their care team (issue #17) as a FHIR R4 Communication: the thread's subject as
 * its topic, the thread as an identifier (messages of one thread share it), the sender (the Patient, or the
 * Practitioner who wrote), the recipient (the clinic's care team as the Organization, or the Patient), the text
 * as its payload, and `priority: urgent` where the patient's words matched the crisis list.
 */
export const MESSAGE_CATEGORY = 'urn:liminal:communication-category';
export const THREAD_SYSTEM = 'urn:liminal:identifier:message-thread';

export interface MessageForFhir {
  id: string;
  thread_id: string;
  patient_id: string;
  seq: number;
  side: string;
  author_id: string;
  author_name: string;
  body: string;
  crisis: number;
  sent_at: string;
  subject: string;
}

export function presentCommunication(m: MessageForFhir): Communication {
  const fromPatient = m.side === 'patient';
  return compact({
    resourceType: 'Communication' as const,
    id: m.id,
    meta: meta(m.sent_at, [BASE_PROFILE('Communication')]),
    identifier: [{ system: THREAD_SYSTEM, value: `${m.thread_id}#${m.seq}` }],
    status: 'completed' as const,
    category: [
      concept(
        [coding(MESSAGE_CATEGORY, fromPatient ? 'patient-to-care-team' : 'care-team-to-patient')],
        fromPatient ? 'Message to the care team' : 'Message from the care team',
      ),
    ],
    priority: m.crisis ? ('urgent' as const) : ('routine' as const),
    subject: ref('Patient', m.patient_id),
    topic: { text: m.subject },
    sent: m.sent_at,
    sender: fromPatient ? ref('Patient', m.patient_id) : ref('Practitioner', m.author_id, m.author_name),
    recipient: [fromPatient ? ref('Organization', ORGANIZATION_ID) : ref('Patient', m.patient_id)],
    payload: [{ contentString: m.body }],
  }) as Communication;
}

/** The thread id a Communication's identifier carries. */
export const threadOfIdentifier = (value: string): string => value.split('#')[0] ?? value;
