import type {
  CarePlan,
  Condition,
  Consent,
  Encounter,
  Medication,
  MedicationAdministration,
  MedicationStatement,
  Observation,
  Patient,
  Practitioner,
  Provenance,
  QuestionnaireResponse,
  Resource,
} from '@medplum/fhirtypes';
import { BLOOD_PRESSURE_PANEL, vitalOfLoinc } from '../../../domain/vitals';
import { type PdfSection, renderPdf } from '../../features/sessions';

/**
 * The readable summary that goes with a patient's FHIR export: made from the same resources as the NDJSON
 * files, so the two never disagree. Plain tables, in the order a person reads their record.
 */
const day = (s: string | undefined) => (s ? s.slice(0, 10) : '');
const when = (s: string | undefined) => (s ? s.replace('T', ' ').slice(0, 16) : '');
const of = <T extends Resource>(all: Resource[], type: T['resourceType']) =>
  all.filter((r): r is T => r.resourceType === type);
const byDate = <T>(xs: T[], key: (x: T) => string | undefined) =>
  [...xs].sort((a, b) => (key(a) ?? '').localeCompare(key(b) ?? ''));

export interface SummaryInfo {
  clinicName: string;
  exportedAt: string;
  counts: Record<string, number>;
}

export function renderRecordSummary(resources: Resource[], info: SummaryInfo): Promise<Buffer> {
  const s = recordSummary(resources, info);
  return renderPdf(s.title, s.subtitle, s.sections);
}

/** The summary's title, subtitle and sections (what the PDF prints). */
export function recordSummary(
  resources: Resource[],
  info: SummaryInfo,
): { title: string; subtitle: string; sections: PdfSection[] } {
  const patient = of<Patient>(resources, 'Patient')[0];
  const names = new Map(
    of<Practitioner>(resources, 'Practitioner').map((p) => [`Practitioner/${p.id}`, p.name?.[0]?.text ?? '']),
  );
  const meds = new Map(of<Medication>(resources, 'Medication').map((m) => [`Medication/${m.id}`, m]));
  const official = patient?.name?.find((n) => n.use === 'official') ?? patient?.name?.[0];
  const fullName = official
    ? `${official.given?.join(' ') ?? ''} ${official.family ?? ''}`.trim()
    : 'Patient';
  const sections: PdfSection[] = [];

  sections.push({
    heading: 'About you',
    rows: [
      ['Name', fullName],
      ['Date of birth', patient?.birthDate ?? ''],
      ['Chart number', patient?.identifier?.[0]?.value ?? ''],
      ['Phone', patient?.telecom?.find((t) => t.system === 'phone')?.value ?? ''],
      ['E-mail', patient?.telecom?.find((t) => t.system === 'email')?.value ?? ''],
      [
        'Address',
        patient?.address?.[0]
          ? [
              patient.address[0].line?.join(', '),
              patient.address[0].city,
              patient.address[0].state,
              patient.address[0].postalCode,
            ]
              .filter(Boolean)
              .join(', ')
          : '',
      ],
      [
        'Care team',
        (patient?.generalPractitioner ?? [])
          .map((r) => names.get(r.reference ?? '') ?? '')
          .filter(Boolean)
          .join('; '),
      ],
    ],
  });
  const table = (heading: string, columns: string[], rows: string[][]) => {
    sections.push(rows.length ? { heading, table: { columns, rows } } : { heading, text: 'None recorded.' });
  };
  table(
    'Diagnoses',
    ['Code', 'Description', 'Recorded'],
    of<Condition>(resources, 'Condition').map((c) => [
      c.code?.coding?.[0]?.code ?? '',
      c.code?.text ?? '',
      day(c.recordedDate),
    ]),
  );
  table(
    'Allergies',
    ['Substance', 'Reaction'],
    resources
      .filter((r) => r.resourceType === 'AllergyIntolerance')
      .map((a) => [
        (a as { code?: { text?: string } }).code?.text ?? '',
        (a as { reaction?: { manifestation: { text?: string }[] }[] }).reaction?.[0]?.manifestation[0]
          ?.text ?? '',
      ]),
  );
  table(
    'Medications you reported',
    ['Medication', 'Dose'],
    of<MedicationStatement>(resources, 'MedicationStatement').map((m) => [
      m.medicationCodeableConcept?.text ?? '',
      m.dosage?.[0]?.text ?? '',
    ]),
  );
  table(
    'Consents',
    ['Document', 'Signed', 'Status'],
    of<Consent>(resources, 'Consent').map((c) => [
      c.sourceAttachment?.title ?? '',
      day(c.dateTime),
      c.status === 'active' ? 'in effect' : 'revoked',
    ]),
  );
  table(
    'Treatment courses',
    ['Course', 'Status', 'Started', 'Progress'],
    of<CarePlan>(resources, 'CarePlan').map((c) => [
      c.title ?? '',
      c.status,
      day(c.period?.start),
      (c.activity ?? []).map((a) => `${a.detail?.code?.text}: ${a.detail?.description}`).join('; '),
    ]),
  );
  table(
    'Visits and sessions',
    ['Date', 'Type', 'Status', 'With'],
    byDate(of<Encounter>(resources, 'Encounter'), (e) => e.period?.start).map((e) => [
      day(e.period?.start),
      e.type?.[0]?.text ?? '',
      e.status,
      (e.participant ?? [])
        .map((p) => names.get(p.individual?.reference ?? '') ?? '')
        .filter(Boolean)
        .join(', '),
    ]),
  );
  table(
    'Doses given',
    ['When (UTC)', 'Medicine', 'Dose', 'Route', 'Lot'],
    byDate(
      of<MedicationAdministration>(resources, 'MedicationAdministration'),
      (a) => a.effectiveDateTime ?? a.effectivePeriod?.start,
    ).map((a) => {
      const m = meds.get(a.medicationReference?.reference ?? '');
      return [
        when(a.effectiveDateTime ?? a.effectivePeriod?.start),
        m?.code?.text ?? '',
        `${a.dosage?.dose?.value ?? ''} mg`,
        a.dosage?.route?.text ?? '',
        m?.batch?.lotNumber ?? '',
      ];
    }),
  );
  table(
    'At-home sessions',
    ['Date', 'Session', 'Status', 'Dose', 'Check-in and check-out'],
    atHomeRows(resources),
  );
  const observations = of<Observation>(resources, 'Observation').filter(
    (o) => o.status !== 'entered-in-error',
  );
  const vitals = new Map<string, Record<string, string>>();
  for (const o of observations.filter((x) => x.category?.[0]?.coding?.[0]?.code === 'vital-signs')) {
    const row = vitals.get(o.effectiveDateTime ?? '') ?? {};
    const code = o.code.coding?.[0]?.code;
    const vital = vitalOfLoinc(code);
    if (code === BLOOD_PRESSURE_PANEL.loinc.code)
      row.bp = `${o.component?.[0]?.valueQuantity?.value ?? '-'}/${o.component?.[1]?.valueQuantity?.value ?? '-'}`;
    else if (vital === 'hr' || vital === 'spo2' || vital === 'rr')
      row[vital] = String(o.valueQuantity?.value ?? '');
    vitals.set(o.effectiveDateTime ?? '', row);
  }
  table(
    'Vital signs',
    ['When (UTC)', 'Blood pressure (mmHg)', 'Heart rate (/min)', 'SpO2 (%)', 'Breaths (/min)'],
    [...vitals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([t, v]) => [when(t), v.bp ?? '', v.hr ?? '', v.spo2 ?? '', v.rr ?? '']),
  );
  table(
    'Questionnaire scores',
    ['Date', 'Measure', 'Score', 'Meaning'],
    byDate(
      observations.filter((x) => x.category?.[0]?.coding?.[0]?.code === 'survey'),
      (o) => o.effectiveDateTime,
    ).map((o) => [
      day(o.effectiveDateTime),
      (o.code.text ?? '').replace(/ total score$/, ''),
      String(o.valueInteger ?? ''),
      o.interpretation?.[0]?.text ?? '',
    ]),
  );
  table(
    'Signatures',
    ['When (UTC)', 'What', 'Signed by'],
    of<Provenance>(resources, 'Provenance').map((p) => [
      when(p.recorded),
      p.signature?.[0]?.type?.[0]?.display ?? '',
      p.agent
        .map((a) => a.who.display ?? names.get(a.who.reference ?? '') ?? '')
        .filter(Boolean)
        .join(', '),
    ]),
  );
  const answered = of<QuestionnaireResponse>(resources, 'QuestionnaireResponse').length;
  sections.push({
    heading: 'About this export',
    text:
      `This summary was produced by ${info.clinicName} on ${when(info.exportedAt)} UTC together with the machine-readable files of the same export ` +
      `(FHIR R4, NDJSON): ${Object.entries(info.counts)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}. ` +
      `Your ${answered} questionnaire answer set(s) are in QuestionnaireResponse.ndjson. Times are in UTC.`,
  });
  return {
    title: `Health record summary — ${fullName}`,
    subtitle: `${info.clinicName} · exported ${day(info.exportedAt)}`,
    sections,
  };
}

const ENCOUNTER_WORDS: Record<string, string> = {
  planned: 'booked',
  'in-progress': 'in progress',
  finished: 'completed',
  cancelled: 'cancelled',
};
const FORM = 'urn:liminal:questionnaire:at-home-';

/** At-home sessions (class HH), each with its dose and what the patient and sitter answered. */
function atHomeRows(resources: Resource[]): string[][] {
  const doses = of<MedicationAdministration>(resources, 'MedicationAdministration');
  const forms = of<QuestionnaireResponse>(resources, 'QuestionnaireResponse').filter((r) =>
    r.questionnaire?.startsWith(FORM),
  );
  return byDate(
    of<Encounter>(resources, 'Encounter').filter((e) => e.class?.code === 'HH'),
    (e) => e.period?.start,
  ).map((e) => {
    const ref = `Encounter/${e.id}`;
    const dose = doses.find((d) => d.context?.reference === ref);
    const mine = forms.filter((r) => r.encounter?.reference === ref);
    const form = (name: string) => mine.filter((r) => r.questionnaire === `${FORM}${name}|1`);
    const checks = form('check');
    const ok = checks.filter((c) => c.item?.some((i) => i.linkId === 'ok' && i.answer?.[0]?.valueBoolean));
    const checkIn = form('check-in')[0];
    return [
      day(e.period?.start),
      e.type?.[0]?.text ?? '',
      ENCOUNTER_WORDS[e.status] ?? e.status,
      dose ? `${when(dose.effectiveDateTime)}: ${dose.dosage?.text ?? ''}` : 'not taken',
      [
        checkIn ? `check-in ${checkIn.status === 'completed' ? 'complete' : 'not complete'}` : 'no check-in',
        checks.length ? `${checks.length} check(s), ${checks.length - ok.length} not OK` : '',
        form('check-out').length ? 'checked out' : '',
        form('sitter-check-out').length ? 'sitter checked out' : '',
      ]
        .filter(Boolean)
        .join('; '),
    ];
  });
}
