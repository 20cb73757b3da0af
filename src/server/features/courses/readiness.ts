import { dateTimeFormat } from '../../../domain/intl-format';
import { formatLocal, toLocal } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import type { CoursesTable } from '../../db/schema';
import { getSetting } from '../../platform/settings';
import { consentStatusOf } from '../consent';
import { screeningState } from '../patients';
import * as repo from './repository';

/**
 * The readiness gate before a dosing session (DOMAIN §1 step 3 and §5): each item with its state, what is
 * wrong, and where it is fixed. Which items a prescriber may override is clinic policy (settings).
 *
 * The one computation of readiness (issue #14 §2): the course's gate, the session's start (whose snapshot the
 * console shows), Today's dosing visits and the booking check's warnings all come from here, so no screen says
 * "not ready" about what another says is met. Dates are the clinic's local date.
 */
export interface ReadinessItem {
  id: string;
  label: string;
  ok: boolean;
  detail: string;
  fixPath: string;
  overridable: boolean;
}

export interface Readiness {
  ready: boolean;
  items: ReadinessItem[];
}

/**
 * `course` null: the patient has no active course (a dosing visit booked before one was started): that is an
 * item of its own, and the course's own items (preparation, REMS) cannot be checked yet. `visitStartsAt`: the
 * dosing visit being booked or held, so the preparation item can say whether a preparation visit comes first.
 */
export async function evaluateReadiness(
  trx: Executor,
  patientId: string,
  course: CoursesTable | null,
  now: Date,
  opts: { visitStartsAt?: string } = {},
): Promise<Readiness> {
  const tz = await getSetting(trx, 'clinic.timezone');
  const today = toLocal(now, tz).date;
  const chart = `/app/patients/${patientId}`;
  const overridable = new Set(await getSetting(trx, 'readiness.overridable'));
  const items: Omit<ReadinessItem, 'overridable'>[] = [];

  if (!course) {
    items.push({
      id: 'course_active',
      label: 'An active treatment course',
      ok: false,
      detail:
        'The patient has no active course: a prescriber starts one from the chart before the first dose.',
      fixPath: `${chart}#course`,
    });
  }

  const screening = await screeningState(trx, patientId, today);
  items.push({
    id: 'screening_cleared',
    label: 'Eligibility screening cleared by a prescriber',
    ok: screening.cleared,
    detail: screening.cleared
      ? 'Cleared, and the record has not changed since.'
      : screening.evaluation?.outcome === 'not_eligible'
        ? 'An absolute contraindication applies: the patient cannot be dosed.'
        : 'No current prescriber decision clears this patient (none yet, or the record changed since).',
    fixPath: `${chart}#screening`,
  });

  const consent = await consentStatusOf(trx, patientId);
  items.push({
    id: 'consent_current',
    label: 'Current informed consent signed',
    ok: consent.isCurrent,
    detail: consent.isCurrent
      ? `Version ${consent.documentVersion} signed ${consent.signedAt ? dateTimeFormat('en-US', { timeZone: tz, month: 'short', day: 'numeric', year: 'numeric' }).format(new Date(consent.signedAt)) : ''}.`
      : consent.signedAt
        ? `Signed version ${consent.documentVersion}; version ${consent.currentVersion} is current.`
        : 'No signed consent.',
    fixPath: `${chart}#consent`,
  });

  if (course) {
    const prep = await repo.signedPreparationNote(trx, course.id);
    let detail = prep
      ? 'A signed preparation note exists for this course.'
      : 'No signed preparation note in this course.';
    if (!prep && opts.visitStartsAt) {
      // Booked weeks ahead, the note cannot exist yet: say whether the preparation visit that will give it comes first.
      const visit = await repo.preparationVisitBefore(trx, patientId, opts.visitStartsAt);
      detail += visit
        ? ` A preparation visit is booked for ${formatLocal(visit.starts_at, visit.timezone)}; its note must be signed before the dose.`
        : ' No preparation visit is booked before this dosing visit either.';
    }
    items.push({
      id: 'preparation_signed',
      label: 'At least one preparation session signed',
      ok: Boolean(prep),
      detail,
      fixPath: prep || opts.visitStartsAt === undefined ? `${chart}#course` : `${chart}#appointments`,
    });
  }

  const openTask = await repo.openSafetyTaskOf(trx, patientId);
  items.push({
    id: 'no_open_safety_task',
    label: 'No open urgent safety task',
    ok: !openTask,
    detail: openTask
      ? `Open safety task: ${openTask.message} A clinician must document the follow-up.`
      : 'None open.',
    fixPath: `${chart}#measures`,
  });

  const dueMeasures = await repo.measuresDueBeforeDosing(trx, patientId, today);
  items.push({
    id: 'measures_before_dosing',
    label: 'Measures due before dosing completed',
    ok: dueMeasures.length === 0,
    detail: dueMeasures.length
      ? `Still to complete: ${dueMeasures.map((m) => m.instrument_id.toUpperCase()).join(', ')}.`
      : 'Nothing outstanding.',
    fixPath: `${chart}#measures`,
  });

  const patient = await repo.patientState(trx, patientId);
  const licensed = await repo.licensedPrescriberOf(trx, patientId, patient.state, today);
  items.push({
    id: 'licensed_prescriber',
    label: `A prescriber on the care team licensed in ${patient.state}`,
    ok: Boolean(licensed),
    detail: licensed ? 'Yes.' : `No prescriber on the care team holds a current licence in ${patient.state}.`,
    fixPath: `${chart}#care-team`,
  });

  if (course?.route === 'esketamine') {
    items.push({
      id: 'rems_enrolled',
      label: 'Esketamine REMS patient enrolment recorded',
      ok: course.rems_enrolled === 1,
      detail:
        course.rems_enrolled === 1
          ? `Enrolled${course.rems_patient_id ? ` (${course.rems_patient_id})` : ''}.`
          : 'Record the REMS enrolment on the course.',
      fixPath: `${chart}#course`,
    });
  }
  const full = items.map((i) => ({ ...i, overridable: !i.ok && overridable.has(i.id) }));
  return { ready: full.every((i) => i.ok), items: full };
}

/**
 * Readiness for a dosing visit: the gate of the patient's active course (the latest, if several), as it
 * stands now. Today and the booking check show this; the session's start applies it.
 */
export async function readinessForVisit(
  trx: Executor,
  patientId: string,
  visitStartsAt: string,
  now: Date,
): Promise<Readiness> {
  const course = await repo.activeCourseOf(trx, patientId);
  return evaluateReadiness(trx, patientId, course ?? null, now, { visitStartsAt });
}
