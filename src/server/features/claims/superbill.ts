import type { z } from 'zod';
import type { superbillQuery } from '../../../contracts/claims';
import {
  buildSuperbill,
  PLACES_OF_SERVICE,
  type PlaceOfService,
  type SuperbillDetail,
  type SuperbillVisit,
} from '../../../domain/billing-docs';
import type { Executor } from '../../db/dialect';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { getSetting } from '../../platform/settings';
import { type ChargeLine, chargesOfPatient, chargesOfVisit, paymentsOfPatient } from '../billing';
import { READ } from './access';
import * as repo from './repository';
import {
  groupByVisit,
  maskEmail,
  practiceOrDefault,
  RELATIONSHIP_WORDS,
  standingLines,
  todayIn,
} from './shared';
import { renderSuperbill } from './superbill-pdf';
/** Superbills (issue #22): staff download and email a link; the patient downloads their own in the portal. */
export class SuperbillService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now();
  }

  // ───────────────────────────── superbills

  /** The superbill's lines: one visit (any of its ids) or a date range; final standing lines only. */
  private async superbillLines(trx: Executor, patientId: string, q: z.infer<typeof superbillQuery>) {
    if (q.visitId) {
      const lines = await chargesOfVisit(trx, q.visitId);
      if (lines.length === 0 || lines.some((l) => l.patient_id !== patientId)) throw notFound('visit');
      return standingLines(lines);
    }
    return standingLines(
      await chargesOfPatient(trx, patientId, { from: q.from as string, to: q.to as string, finalOnly: true }),
    );
  }

  private async composeSuperbill(
    trx: Executor,
    patient: { id: string },
    q: z.infer<typeof superbillQuery>,
  ): Promise<Buffer> {
    const lines = await this.superbillLines(trx, patient.id, q);
    if (lines.length === 0)
      throw new AppError('not_found', 'There are no finalised charges for these dates yet.', [
        { field: q.visitId ? 'visitId' : 'from', message: 'No finalised charges for these dates' },
      ]);
    const practice = await practiceOrDefault(trx, this.now());
    const detail = JSON.parse(practice.superbill_detail) as Record<string, SuperbillDetail>;
    const [p] = await repo.patientsByIds(trx, [patient.id]);
    if (!p) throw notFound('patient');
    const byVisit = groupByVisit(lines);
    const appointments = new Map(
      (
        await repo.appointmentsWithType(
          trx,
          lines.map((l) => l.appointment_id).filter((x): x is string => !!x),
        )
      ).map((a) => [a.id, a]),
    );
    const clinicians = new Map(
      (
        await repo.clinicianRows(trx, [
          ...new Set(lines.map((l) => l.rendering_clinician_id).filter((x): x is string => !!x)),
        ])
      ).map((c) => [c.id, c]),
    );
    const diagnoses = await repo.diagnosesOf(trx, patient.id);
    const visits: SuperbillVisit[] = [...byVisit.values()].map((vl) => {
      const first = vl[0] as ChargeLine;
      const appt = first.appointment_id ? appointments.get(first.appointment_id) : undefined;
      const c = first.rendering_clinician_id ? clinicians.get(first.rendering_clinician_id) : undefined;
      return {
        date: first.service_date,
        placeOfService: (first.place_of_service in PLACES_OF_SERVICE
          ? first.place_of_service
          : '11') as PlaceOfService,
        visitType: appt?.name ?? (first.dosing_session_id ? 'Dosing session' : 'At-home session'),
        detail: (appt ? detail[appt.type_id] : undefined) ?? 'main',
        clinician: { name: c?.name ?? '—', npi: c?.npi ?? null, credentials: c?.credentials ?? null },
        charges: vl
          .sort((a, b) => a.seq - b.seq)
          .map((l) => ({
            code: l.code,
            modifiers: l.modifiers,
            description: l.description,
            units: l.units,
            amountCents: l.amount_cents,
            diagnosisCodes: l.diagnosis_pointers
              .map((i) => l.diagnosis_codes[i - 1])
              .filter((x): x is string => !!x),
          })),
      };
    });
    const dates = lines.map((l) => l.service_date).sort();
    const period = { from: q.from ?? (dates[0] as string), to: q.to ?? (dates[dates.length - 1] as string) };
    const paidCents = await this.paidFor(trx, patient.id, lines, period);
    const coverage = await repo.coverageOf(trx, patient.id);
    const addressLines = [
      p.address_line1,
      p.address_line2,
      [p.city, p.state, p.postal_code].filter(Boolean).join(' '),
    ].filter((x): x is string => !!x && x.trim() !== '');
    const sb = buildSuperbill({
      practice: {
        name: practice.name,
        addressLines: [
          practice.address_line1,
          practice.address_line2,
          [practice.city, practice.state, practice.postal_code].filter(Boolean).join(' '),
        ].filter((x): x is string => !!x && x.trim() !== ''),
        phone: practice.phone,
        taxId: practice.tax_id,
        npi: practice.npi,
        taxonomy: practice.taxonomy,
      },
      patient: {
        name: `${p.first_name} ${p.last_name}`,
        dateOfBirth: p.date_of_birth,
        addressLines,
        phone: p.phone,
      },
      coverage: coverage
        ? {
            insurer: coverage.payer_name,
            memberId: coverage.member_id,
            groupNumber: coverage.group_number,
            insuredName:
              coverage.relationship === '18'
                ? `${p.first_name} ${p.last_name}`
                : `${coverage.insured_first_name ?? ''} ${coverage.insured_last_name ?? ''}`.trim(),
            relationship: RELATIONSHIP_WORDS[coverage.relationship] ?? null,
          }
        : null,
      diagnoses: diagnoses.map((d) => ({ code: d.code, description: d.display })),
      visits,
      paidCents,
      period,
      issuedOn: await todayIn(trx, this.now()),
    });
    return renderSuperbill(sb);
  }

  /**
   * What the patient paid towards these visits: what payments were allocated to their lines, plus payments not
   * allocated to any line that were received within the superbill's dates; never more than the charges.
   */
  private async paidFor(
    trx: Executor,
    patientId: string,
    lines: ChargeLine[],
    period: { from: string; to: string },
  ) {
    const ids = new Set(lines.map((l) => l.id));
    let paid = 0;
    for (const p of await paymentsOfPatient(trx, patientId)) {
      if (p.allocations.length > 0) {
        for (const a of p.allocations) if (ids.has(a.charge_line_id)) paid += a.amount_cents;
      } else if (p.received_on >= period.from && p.received_on <= period.to) paid += p.amount_cents;
    }
    const total = lines.reduce((s, l) => s + l.amount_cents, 0);
    return Math.max(0, Math.min(paid, total));
  }

  async superbill(auth: AuthContext, patientId: string, q: z.infer<typeof superbillQuery>) {
    if (auth.role === 'patient') throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      READ,
      { action: 'billing.superbill', objectType: 'superbill', detail: { ...q } },
      (trx, p) => this.composeSuperbill(trx, p, q),
    );
  }

  async portalSuperbill(auth: AuthContext, q: z.infer<typeof superbillQuery>) {
    if (auth.role !== 'patient' || !auth.patientId) throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      auth.patientId,
      'portal.self',
      { action: 'billing.superbill_portal', objectType: 'superbill', detail: { ...q } },
      (trx, p) => this.composeSuperbill(trx, p, q),
    );
  }

  /** The patient's visits that have finalised charges, newest first (the portal's list of superbills). */
  async portalSuperbills(auth: AuthContext) {
    if (auth.role !== 'patient' || !auth.patientId) throw forbidden();
    const patientId = auth.patientId;
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      { action: 'billing.superbill_list_portal' },
      async (trx) => {
        const lines = standingLines(await chargesOfPatient(trx, patientId, { finalOnly: true }));
        const byVisit = groupByVisit(lines);
        const appts = new Map(
          (
            await repo.appointmentsWithType(
              trx,
              lines.map((l) => l.appointment_id).filter((x): x is string => !!x),
            )
          ).map((a) => [a.id, a]),
        );
        const visits = [...byVisit.entries()].map(([visitId, vl]) => {
          const first = vl[0] as ChargeLine;
          const a = first.appointment_id ? appts.get(first.appointment_id) : undefined;
          return {
            visitId,
            date: first.service_date,
            label: a?.patient_label ?? (first.at_home_session_id ? 'At-home session' : 'Treatment session'),
            totalCents: vl.reduce((s, l) => s + l.amount_cents, 0),
          };
        });
        visits.sort((a, b) => b.date.localeCompare(a.date));
        return { visits, clinicName: await getSetting(trx, 'clinic.name') };
      },
    );
  }

  /** Email the patient a link to their superbills in the portal: the body names no visit, code or amount. */
  async emailSuperbill(
    auth: AuthContext,
    patientId: string,
    q: { visitId?: string; from?: string; to?: string },
  ) {
    if (auth.role === 'patient') throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      READ,
      { action: 'billing.superbill_email', objectType: 'superbill', detail: { ...q } },
      async (trx) => {
        const lines = await this.superbillLines(trx, patientId, {
          ...q,
          ...(q.visitId ? {} : { from: q.from ?? '0000-01-01', to: q.to ?? '9999-12-31' }),
        });
        if (lines.length === 0)
          throw invalid(q.visitId ? 'visitId' : 'from', 'No finalised charges for these dates');
        const to = await repo.portalEmailOf(trx, patientId);
        if (!to) throw invalid('patient', 'The patient has no portal account to send the link to');
        const clinic = await getSetting(trx, 'clinic.name');
        await this.ctx.mailer.enqueue(trx, {
          to,
          subject: `A document from ${clinic}`,
          text: [
            `${clinic} has a document ready for you in your patient portal.`,
            '',
            `Sign in to download it: ${this.ctx.config.publicUrl}/portal/billing`,
            '',
            'For your privacy this email says nothing more.',
          ].join('\n'),
          relatedType: 'superbill',
          relatedId: patientId,
        });
        return { sent: true, to: maskEmail(to) };
      },
    );
  }
}
