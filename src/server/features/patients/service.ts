import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  careTeamBody,
  clinicalBody,
  demographicsBody,
  patientChart,
  patientListQuery,
  screeningDecisionBody,
} from '../../../contracts/patients';
import { ageInYears, classifyMedication, planProblem, type ScreeningResult } from '../../../domain/screening';
import { type Executor, fromBool } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import { auditRead } from '../../platform/audit-batch';
import type { AuthContext } from '../../platform/auth-context';
import { mayOpenSql } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden } from '../../platform/errors';
import type { FoldPlan } from '../../platform/first-read';
import { withPatient, withPatientRead } from '../../platform/scope';
import { consentStatusFrom, KAP_CONSENT_KIND } from '../consent';
import { requireCareTeamIfConfidential } from '../emergency';
import { rolesOf } from '../users';
import { screeningStatusFrom } from './cleared';
import { invitePortal } from './portal-invite';
import * as repo from './repository';
import { evaluatePatient } from './screening';
import { decideScreening, screeningReview } from './screening-decisions';

type Demographics = z.infer<typeof demographicsBody>;
type Clinical = z.infer<typeof clinicalBody>;
type Chart = z.infer<typeof patientChart>;

export class PatientsService {
  constructor(private readonly ctx: AppContext) {}

  private today() {
    return this.ctx.clock.now().toISOString().slice(0, 10);
  }

  async list(auth: AuthContext, q: z.infer<typeof patientListQuery>) {
    if (auth.role === 'patient' || !auth.permissions.has('patients.read')) throw forbidden();
    // Confidential records the user may not open are left out, so they cannot be found by name, chart or birth date.
    const { rows, total } = await repo.listPatients(
      this.ctx.db,
      q,
      mayOpenSql(auth, this.ctx.clock.now().toISOString(), 'patients.id'),
    );
    // One entry for the search (the query text itself may be a name, so it is not stored).
    await auditRead(this.ctx.db, this.ctx.clock, auth, {
      action: 'patient.search',
      objectType: 'patient',
      detail: { results: rows.length, status: q.status ?? null },
    });
    return { patients: rows.map(summary), total };
  }

  async create(
    auth: AuthContext,
    body: Demographics,
    trxIn?: Executor,
    enquiryId?: string,
  ): Promise<{ id: string; chartNumber: string }> {
    if (!auth.permissions.has('patients.write')) throw forbidden();
    const run = async (trx: Executor) => {
      const now = this.ctx.clock.now().toISOString();
      const chart = await repo.newChartNumber(trx);
      const row: repo.PatientRow = {
        id: randomUUID(),
        chart_number: chart,
        ...demographicsColumns(body),
        weight_kg: null,
        height_cm: null,
        status: body.status ?? 'intake',
        pregnancy_status: null,
        breastfeeding: null,
        history: '{}',
        planned_route: null,
        planned_setting: null,
        enquiry_id: enquiryId ?? null,
        search_text: '',
        version: 1,
        created_at: now,
        updated_at: now,
      };
      row.search_text = repo.searchTextOf(row);
      await repo.insertPatient(trx, row);
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'patient.create',
        patientId: row.id,
        objectType: 'patient',
        objectId: row.id,
        detail: enquiryId ? { fromEnquiry: enquiryId } : null,
      });
      return { id: row.id, chartNumber: chart };
    };
    return trxIn ? run(trxIn) : this.ctx.db.transaction().execute(run);
  }

  async chart(auth: AuthContext, patientId: string): Promise<Chart> {
    const seesClinical = auth.permissions.has('clinical.read');
    return withPatientRead<Chart, repo.ChartRow>(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'patients.read',
      { action: 'patient.read' },
      async (_db, p) => {
        // The patient row, the team, portal, decision, licences, consent and (for clinical staff) intake's lists
        // were read in one statement with the access check (repository.ts chartRowOf).
        const { lists, intake } = p;
        const team = lists.team;
        let clinical: Chart['clinical'] = null;
        if (seesClinical && intake) {
          const kids = intake;
          const evaluation = evaluatePatient(p, kids.medications, this.today());
          const screening = screeningStatusFrom(lists.lastDecision, evaluation);
          clinical = {
            weightKg: p.weight_kg,
            heightCm: p.height_cm,
            pregnancyStatus: p.pregnancy_status,
            breastfeeding: p.breastfeeding === null ? null : p.breastfeeding === 1,
            history: JSON.parse(p.history) as Record<string, boolean>,
            plannedRoute: p.planned_route,
            plannedSetting: p.planned_setting,
            diagnoses: kids.diagnoses.map((d) => ({ id: d.id, code: d.code, display: d.display })),
            medications: kids.medications.map((m) => ({
              id: m.id,
              name: m.name,
              dose: m.dose,
              medClass: m.med_class,
              interactingClass: (m.med_class as string | null) ?? classifyMedication(m.name),
            })),
            allergies: kids.allergies.map((a) => ({
              id: a.id,
              substance: a.substance,
              reaction: a.reaction,
            })),
            screening: evaluation,
            screeningCleared: screening.cleared,
            screeningStatus: screening,
          };
        }
        return {
          patient: {
            ...summary(p),
            sexAtBirth: p.sex_at_birth,
            genderIdentity: p.gender_identity,
            email: p.email,
            phone: p.phone,
            addressLine1: p.address_line1,
            addressLine2: p.address_line2,
            city: p.city,
            postalCode: p.postal_code,
            emergencyContactName: p.emergency_contact_name,
            emergencyContactPhone: p.emergency_contact_phone,
            emergencyContactRelation: p.emergency_contact_relation,
            version: p.version,
            ageYears: ageInYears(p.date_of_birth, this.today()) ?? null,
            portalStatus: (lists.portalStatus ?? 'none') as Chart['patient']['portalStatus'],
          },
          clinical,
          careTeam: team.map((m) => ({ userId: m.user_id, name: m.name, role: m.role as 'prescriber' })),
          licensure: licensureWarnings(p.state, team, lists.licensedUserIds),
          consent: consentStatusFrom(lists.document, lists.signature),
        };
      },
      seesClinical
        ? repo.clinicalChartRead.readFor(auth, this.today(), KAP_CONSENT_KIND)
        : (db, id) => repo.chartRowOf(db, id, this.today(), KAP_CONSENT_KIND, false),
    );
  }

  /** The chart route's first read (`chart` for a caller who sees clinical data), for the access hook to fold. */
  chartFirstRead(patientId: unknown): FoldPlan | undefined {
    return repo.clinicalChartRead.plan(patientId, this.today(), KAP_CONSENT_KIND);
  }

  async updateDemographics(
    auth: AuthContext,
    patientId: string,
    body: Demographics,
  ): Promise<{ version: number }> {
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'patients.write',
      { action: 'patient.update_demographics' },
      async (trx) => {
        const p = (await repo.getPatient(trx, patientId)) as repo.PatientRow;
        checkVersion(p, body.version);
        const next: Partial<repo.PatientRow> = {
          ...demographicsColumns(body),
          ...(body.status ? { status: body.status } : {}),
          version: p.version + 1,
          updated_at: this.ctx.clock.now().toISOString(),
        };
        next.search_text = repo.searchTextOf({ ...p, ...next } as repo.PatientRow);
        await repo.updatePatient(trx, patientId, next);
        return { version: p.version + 1 };
      },
    );
  }

  async updateClinical(
    auth: AuthContext,
    patientId: string,
    body: Clinical,
  ): Promise<{ version: number; screening: ScreeningResult }> {
    if (auth.role === 'patient' || !auth.permissions.has('clinical.write')) throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'clinical.write',
      { action: 'patient.update_clinical' },
      async (trx) => {
        const p = (await repo.getPatient(trx, patientId)) as repo.PatientRow;
        checkVersion(p, body.version);
        const now = this.ctx.clock.now().toISOString();
        const patch: Partial<repo.PatientRow> = { version: p.version + 1, updated_at: now };
        if (body.weightKg !== undefined) patch.weight_kg = body.weightKg;
        if (body.heightCm !== undefined) patch.height_cm = body.heightCm;
        if (body.pregnancyStatus !== undefined) patch.pregnancy_status = body.pregnancyStatus;
        if (body.breastfeeding !== undefined)
          patch.breastfeeding = body.breastfeeding === null ? null : fromBool(body.breastfeeding);
        if (body.history !== undefined)
          patch.history = JSON.stringify({ ...JSON.parse(p.history), ...body.history });
        if (body.plannedRoute !== undefined) patch.planned_route = body.plannedRoute;
        if (body.plannedSetting !== undefined) patch.planned_setting = body.plannedSetting;
        if (body.plannedRoute !== undefined || body.plannedSetting !== undefined) {
          const setting = 'planned_setting' in patch ? patch.planned_setting : p.planned_setting;
          const route = 'planned_route' in patch ? patch.planned_route : p.planned_route;
          const problem = planProblem(setting, route);
          const field = body.plannedRoute !== undefined ? 'plannedRoute' : 'plannedSetting';
          if (problem) throw new AppError('validation_failed', problem, [{ field, message: problem }]);
        }
        await repo.updatePatient(trx, patientId, patch);
        await repo.replaceChildren(trx, patientId, now, body);
        const kids = await repo.childrenOf(trx, patientId);
        return {
          version: p.version + 1,
          screening: evaluatePatient({ ...p, ...patch } as repo.PatientRow, kids.medications, this.today()),
        };
      },
    );
  }

  async setCareTeam(auth: AuthContext, patientId: string, body: z.infer<typeof careTeamBody>) {
    if (auth.role === 'patient' || !auth.permissions.has('patients.write')) throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'patients.write',
      { action: 'patient.care_team' },
      async (trx) => {
        await requireCareTeamIfConfidential(trx, auth, patientId);
        const ids = [...new Set(body.members.map((m) => m.userId))];
        const users = await rolesOf(trx, ids);
        body.members.forEach((m, i) => {
          const u = users.find((x) => x.id === m.userId);
          if (!u || u.status === 'disabled')
            throw new AppError('validation_failed', 'Unknown staff member', [
              { field: `members.${i}.userId`, message: 'No such active staff member' },
            ]);
          if (u.role !== m.role)
            throw new AppError('validation_failed', 'Role mismatch', [
              { field: `members.${i}.role`, message: `This person is a ${u.role.replace('_', ' ')}` },
            ]);
        });
        const now = this.ctx.clock.now().toISOString();
        const members = ids.map((id) => ({
          userId: id,
          role: body.members.find((m) => m.userId === id)?.role as string,
        }));
        await repo.replaceCareTeam(trx, patientId, members, now);
        return { ok: true as const };
      },
    );
  }

  /** The screening review (screening-decisions.ts). */
  screening(auth: AuthContext, patientId: string) {
    return screeningReview(this.ctx, auth, patientId);
  }

  /** A prescriber's screening decision (screening-decisions.ts). */
  decide(auth: AuthContext, patientId: string, body: z.infer<typeof screeningDecisionBody>) {
    return decideScreening(this.ctx, auth, patientId, body);
  }

  /** Invites the patient to the portal (portal-invite.ts). */
  invitePortal(auth: AuthContext, patientId: string): Promise<{ emailQueued: boolean; inviteUrl?: string }> {
    return invitePortal(this.ctx, auth, patientId);
  }
}

/**
 * What the chart warns about licensure: no clinician on the team, none licensed where the patient lives, or
 * no licensed prescriber. `licensedUserIds`: the team's clinicians with a current licence in that state.
 */
function licensureWarnings(
  state: string,
  team: { user_id: string; role: string }[],
  licensedUserIds: string[],
): { code: string; message: string }[] {
  const clinicians = team.filter((m) => ['prescriber', 'nurse', 'therapist'].includes(m.role));
  if (!clinicians.length)
    return [{ code: 'no_care_team', message: 'No clinician is on this patient’s care team yet.' }];
  const out: { code: string; message: string }[] = [];
  if (!licensedUserIds.length)
    out.push({
      code: 'no_licensed_clinician',
      message: `No clinician on the care team holds a current licence in ${state}, where the patient lives.`,
    });
  const prescribers = clinicians.filter((c) => c.role === 'prescriber').map((c) => c.user_id);
  if (licensedUserIds.length && !licensedUserIds.some((id) => prescribers.includes(id))) {
    out.push({
      code: 'no_licensed_prescriber',
      message: `No prescriber on the care team holds a current licence in ${state}.`,
    });
  }
  return out;
}

function checkVersion(p: repo.PatientRow, version: number | undefined) {
  if (version !== undefined && version !== p.version) {
    throw conflict(
      'Someone else changed this record since you opened it. Reload to see their changes; your entries are kept in the form.',
      { currentVersion: p.version },
    );
  }
}

/** The demographics form's fields as columns: one mapping for create and update. */
const demographicsColumns = (body: Demographics) => ({
  first_name: body.firstName,
  last_name: body.lastName,
  preferred_name: body.preferredName ?? null,
  date_of_birth: body.dateOfBirth,
  sex_at_birth: body.sexAtBirth ?? null,
  gender_identity: body.genderIdentity ?? null,
  email: body.email ?? null,
  phone: body.phone ?? null,
  address_line1: body.addressLine1 ?? null,
  address_line2: body.addressLine2 ?? null,
  city: body.city ?? null,
  state: body.state,
  postal_code: body.postalCode ?? null,
  emergency_contact_name: body.emergencyContactName ?? null,
  emergency_contact_phone: body.emergencyContactPhone ?? null,
  emergency_contact_relation: body.emergencyContactRelation ?? null,
});

const summary = (p: repo.PatientRow) => ({
  id: p.id,
  chartNumber: p.chart_number,
  firstName: p.first_name,
  lastName: p.last_name,
  preferredName: p.preferred_name,
  dateOfBirth: p.date_of_birth,
  state: p.state,
  status: p.status as 'intake',
});
