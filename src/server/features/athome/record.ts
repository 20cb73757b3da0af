import type { AtHomeSessionDetail } from '../../../contracts/athome';
import type { ExperienceRatingOut } from '../../../contracts/experience';
import { dateTimeFormat } from '../../../domain/intl-format';
import { ratingsPdfSection } from '../experience';
import { type PdfSection, renderPdf } from '../sessions/pdf';

/**
 * The printable at-home session record (issue #16), as the clinic's session record is printed
 * (sessions/records.ts): the prescriber's order, the check-in's answers and readings, the go or hold, the dose,
 * the timeline, the check-outs, every escalation with its outcome, and who signed. Made from the care team's
 * view of the session, so the record and the screen never disagree. Times are the clinic's local time.
 */
export interface RecordContext {
  clinicName: string;
  timeZone: string;
}

const EVENT_WORDS: Record<string, string> = {
  booked: 'Session booked',
  order_signed: 'Order signed',
  check_in_step: 'Check-in answered',
  reading: 'Home reading',
  sitter_invited: 'Sitter invited',
  sitter_confirmed: 'Sitter confirmed their presence',
  decision: 'Check-in decision',
  go: 'Go',
  hold: 'Held',
  dose_taken: 'Dose taken',
  check_in: 'Timed check-in',
  sitter_check: 'Visual check by the sitter',
  help: 'Help tapped',
  escalation: 'Escalated to the on-call clinician',
  acknowledged: 'Escalation acknowledged',
  resolved: 'Escalation resolved',
  check_out: 'Check-out',
  supply_check: 'Troche count compared with the supply',
  supply_task: 'Supply discrepancy task opened',
  note: 'Note',
  close: 'Closed',
  record_signed: 'Record signed',
};
const OUTCOME_WORDS: Record<string, string> = {
  incomplete: 'steps still to do',
  recheck: 're-check the reading',
  hold: 'held',
  awaiting_go: 'waiting for a clinician’s go',
  go: 'go',
};
const TASK_WORDS: Record<string, string> = {
  missed: 'Missed item',
  not_ok: '“Not OK”',
  hold: 'Hold',
  help: 'Help',
  supply: 'Supply discrepancy',
};
const yesNo = (v: unknown) => (v === true ? 'yes' : v === false ? 'NO' : '—');
const words = (s: string) => s.replace(/_/g, ' ');

export function atHomeRecordSections(d: AtHomeSessionDetail, ctx: RecordContext): PdfSection[] {
  const fmt = dateTimeFormat('en-US', {
    timeZone: ctx.timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const at = (s: string | null | undefined) => (s ? fmt.format(new Date(s)) : '');
  const who = (p: { name: string | null } | null | undefined, fallback: string) => p?.name ?? fallback;
  const o = d.order;
  const decision = d.checkIn.decision;
  const sections: PdfSection[] = [
    {
      heading: 'Session',
      rows: [
        ['Booked start', at(d.startsAt)],
        ['State', d.boardWords],
        ['Safety rules', `Clinic rule set, version ${d.ruleSetVersion}`],
        [
          'Sitter',
          d.sitter.name
            ? `${d.sitter.name}${d.sitter.phone ? `, ${d.sitter.phone}` : ''}; ${d.sitter.confirmedAt ? `confirmed ${at(d.sitter.confirmedAt)}` : 'did not confirm'}`
            : 'none named',
        ],
        [
          'Closed',
          d.closed ? `${at(d.closed.at)} by ${who(d.closed.by, 'a clinician')}: ${d.closed.reason}` : 'open',
        ],
      ],
    },
    {
      heading: 'Prescriber’s order',
      rows: o
        ? [
            ['Product', `${o.productName ?? 'Troche'}${o.lotNumber ? `, lot ${o.lotNumber}` : ''}`],
            [
              'Dose',
              `${o.troches} troche(s), ${o.mg} mg sublingual (${Number(o.mgPerKg.toFixed(2))} mg/kg at ${o.weightKg} kg)`,
            ],
            ['Bioavailable (estimate)', `${o.bioavailableMg} mg (F ${o.bioavailability})`],
            ['Warnings acknowledged', o.warnings.map((w) => w.message).join(' ') || 'none'],
            ['Signed', `${at(o.signedAt)} by ${who(o.signedBy, 'the prescriber')}`],
          ]
        : [['Order', 'not signed']],
    },
    {
      heading: 'Check-in',
      rows: [
        ['Mood (0–10)', d.checkIn.mood === null ? '' : String(d.checkIn.mood)],
        ['Intention', d.checkIn.intention ?? ''],
        ...d.checkIn.questions.map((q) => [q.text, yesNo(d.checkIn.safetyAnswers[q.id])] as [string, string]),
        [
          'Rules’ last decision',
          decision
            ? `${OUTCOME_WORDS[decision.outcome] ?? decision.outcome}${decision.reasons.length ? `: ${decision.reasons.join(' ')}` : ''}`
            : 'not evaluated',
        ],
      ],
    },
    d.checkIn.readings.length
      ? {
          heading: 'Home readings',
          table: {
            columns: ['Time', 'Blood pressure (mmHg)', 'Pulse (/min)', 'Note'],
            rows: d.checkIn.readings.map((r, i) => [
              at(r.at),
              `${r.sbp}/${r.dbp}`,
              String(r.hr),
              i > 0 ? 're-check' : '',
            ]),
          },
        }
      : { heading: 'Home readings', text: 'None entered.' },
    {
      heading: 'Go / hold',
      rows: [
        [
          'Go',
          d.go
            ? `${at(d.go.at)}, ${d.go.kind === 'rules' ? 'by the clinic’s rules' : `by ${who(d.go.by, 'a clinician')}`}${d.go.reason ? ` (${d.go.reason})` : ''}`
            : 'not given',
        ],
        [
          'Hold',
          d.hold
            ? `${at(d.hold.at)}, ${d.hold.kind === 'rules' ? 'by the clinic’s rules' : `by ${who(d.hold.by, 'a clinician')}`}: ${d.hold.reason}`
            : 'none',
        ],
      ],
    },
    {
      heading: 'Dose',
      rows: d.dose
        ? [
            ['Taken', at(d.dose.takenAt)],
            ['Troches', `${d.dose.troches}${o ? ` (${o.mg} mg sublingual)` : ''}`],
          ]
        : [['Taken', 'no dose recorded']],
    },
    { heading: 'Check-ins and visual checks', table: dueItems(d, at) },
    ...checkOuts(d, at),
    escalations(d, at),
    {
      heading: 'Timeline',
      table: {
        columns: ['Time', 'What', 'By', 'Details'],
        rows: d.events.map((e) => [
          at(e.at),
          EVENT_WORDS[e.kind] ?? words(e.kind),
          e.actorKind === 'staff' ? who(e.actor, 'staff') : ACTOR_WORDS[e.actorKind],
          eventDetail(e),
        ]),
      },
    },
    {
      heading: 'Signature',
      text: d.recordSigned
        ? `Signed ${at(d.recordSigned.at)} by ${who(d.recordSigned.by, 'the prescriber')}.`
        : 'Not signed. The prescriber signs the record once the session is closed.',
    },
  ];
  const after = d.recordSigned
    ? d.events.filter((e) => e.at > (d.recordSigned?.at ?? '') && e.kind !== 'record_signed')
    : [];
  if (after.length)
    sections.push({
      heading: 'Added after signing',
      table: {
        columns: ['Time', 'What', 'Details'],
        rows: after.map((e) => [at(e.at), EVENT_WORDS[e.kind] ?? words(e.kind), eventDetail(e)]),
      },
    });
  return sections;
}

function eventDetail(e: AtHomeSessionDetail['events'][number]): string {
  const data = e.data ?? {};
  const parts: string[] = [];
  if (e.kind === 'reading')
    parts.push(`${data.sbp}/${data.dbp} mmHg, pulse ${data.hr}${data.recheck ? ' (re-check)' : ''}`);
  if (e.kind === 'dose_taken') parts.push(`${data.troches} troche(s), ${data.mg} mg`);
  if (e.kind === 'decision' || e.kind === 'go' || e.kind === 'hold')
    if (typeof data.outcome === 'string') parts.push(OUTCOME_WORDS[data.outcome] ?? data.outcome);
  if (e.kind === 'check_in_step' && typeof data.step === 'string')
    parts.push(data.step === 'mood' ? 'mood and intention' : 'safety questions');
  if (e.kind === 'supply_check')
    parts.push(`expected ${data.expected}, counted ${data.reported}${e.ok === false ? ' — MISMATCH' : ''}`);
  if (e.kind === 'check_out' && typeof data.by === 'string') parts.push(`by the ${data.by}`);
  if (e.itemKey && (e.kind === 'check_in' || e.kind === 'sitter_check')) {
    const [kind = '', minute] = e.itemKey.split(':');
    parts.push(`${ITEM_WORDS[kind] ?? words(kind)}${minute ? `, ${minute} min` : ''}`);
  }
  if (e.ok !== null && e.kind !== 'supply_check') parts.push(e.ok ? 'OK' : 'NOT OK');
  if (e.note) parts.push(e.note);
  return parts.join('; ');
}

const ACTOR_WORDS = { patient: 'Patient', sitter: 'Sitter', staff: 'Staff', system: 'Liminal' } as const;
const ITEM_WORDS: Record<string, string> = {
  check_in: 'Check-in before the dose',
  timed_check_in: 'Timed check-in',
  sitter_check: 'Visual check by the sitter',
  check_out: 'Check-out',
};

/**
 * Each item that fell due, and what became of it, from the timeline itself: answered (when, OK or not), missed
 * and escalated, or never answered. (The live status stops at "done" once a session has ended: the record says
 * what happened.)
 */
function dueItems(d: AtHomeSessionDetail, at: (s: string | null) => string): PdfSection['table'] {
  const answers = new Map(
    d.events
      .filter((e) => (e.kind === 'check_in' || e.kind === 'sitter_check') && e.itemKey)
      .map((e) => [e.itemKey as string, e]),
  );
  const missed = new Set(d.tasks.filter((t) => t.kind === 'missed').map((t) => t.key.split(':missed:')[1]));
  const ended = d.state === 'closed' || d.state === 'checked_out';
  const statusOf = (i: AtHomeSessionDetail['timeline'][number]) => {
    const a = answers.get(i.key);
    if (a) return `answered ${at(a.at)} by the ${a.actorKind}: ${a.ok === false ? 'NOT OK' : 'OK'}`;
    if (i.kind === 'check_out' && d.patientCheckout) return `checked out ${at(d.patientCheckout.at)}`;
    if (missed.has(i.key)) return 'MISSED (escalated)';
    if (ended) return 'not answered';
    return i.status;
  };
  return {
    columns: ['Item', 'Due', 'What happened'],
    rows: d.timeline.map((i) => [
      `${ITEM_WORDS[i.kind] ?? words(i.kind)}${i.minute === null ? '' : `, ${i.minute} min`}`,
      at(i.dueAt),
      statusOf(i),
    ]),
  };
}

function checkOuts(d: AtHomeSessionDetail, at: (s: string | null) => string): PdfSection[] {
  const p = d.patientCheckout;
  const s = d.sitterCheckout;
  return [
    {
      heading: 'Check-out (patient)',
      rows: p
        ? [
            ['When', at(p.at)],
            ['Feels settled', yesNo(p.answers.settled)],
            ['Side effects', p.answers.sideEffects.map(words).join(', ') || 'none'],
            ['Dissociation (0–10)', String(p.answers.dissociation)],
            ['Experience (0–10)', String(p.answers.experience)],
            ['Dose left over', yesNo(p.answers.doseLeft)],
            ['Troches held now', String(p.answers.remainingTroches)],
            ['Note', p.answers.note ?? ''],
            ['About the ratings', d.ratingNote],
          ]
        : [['When', 'not checked out']],
    },
    {
      heading: 'Check-out (sitter)',
      rows: s
        ? [
            ['When', at(s.at)],
            ['Patient settled', yesNo(s.answers.settled)],
            ['Side effects seen', s.answers.sideEffects.map(words).join(', ') || 'none'],
            ['Stayed the whole session', yesNo(s.answers.stayedWholeSession)],
            ['Note', s.answers.note ?? ''],
          ]
        : [['When', d.sitter.confirmedAt ? 'not checked out' : 'no sitter confirmed']],
    },
  ];
}

function escalations(d: AtHomeSessionDetail, at: (s: string | null) => string): PdfSection {
  if (!d.tasks.length) return { heading: 'Escalations and outcomes', text: 'None.' };
  return {
    heading: 'Escalations and outcomes',
    table: {
      columns: ['Opened', 'Kind', 'Reason', 'Acknowledged', 'Outcome'],
      rows: d.tasks.map((t) => [
        at(t.openedAt),
        TASK_WORDS[t.kind] ?? t.kind,
        t.reason,
        t.acknowledged
          ? `${at(t.acknowledged.at)} by ${t.acknowledged.by.name ?? 'a clinician'}`
          : 'NOT ACKNOWLEDGED',
        t.resolved
          ? `${at(t.resolved.at)} by ${t.resolved.by.name ?? 'a clinician'}: ${t.resolved.outcome}`
          : 'OPEN',
      ]),
    },
  };
}

/** The record as a PDF: the title names the patient, the subtitle the chart, the session and the signature. */
export function renderAtHomeRecord(
  d: AtHomeSessionDetail,
  ctx: RecordContext,
  ratings: ExperienceRatingOut[] = [],
): Promise<Buffer> {
  const fmt = dateTimeFormat('en-US', {
    timeZone: ctx.timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  // The patient's end-of-session ratings (issue #21) follow the record's own sections.
  const rated = ratings.length ? [ratingsPdfSection(ratings, (iso) => fmt.format(new Date(iso)))] : [];
  return renderPdf(
    `At-home session record — ${d.patientName}`,
    `${ctx.clinicName} · chart ${d.chartNumber} · at-home session ${d.number} · sublingual · ${
      d.recordSigned
        ? `signed ${fmt.format(new Date(d.recordSigned.at))} by ${d.recordSigned.by.name ?? 'the prescriber'}`
        : 'NOT SIGNED'
    } · times in ${ctx.timeZone}`,
    [...atHomeRecordSections(d, ctx), ...rated],
  );
}
