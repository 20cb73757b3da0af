import type { z } from 'zod';
import type { clinicianBody, coverageBody, practiceBody } from '../../../contracts/claims';
import type { SuperbillDetail } from '../../../domain/billing-docs';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { conflict, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { READ, SETTINGS, WRITE } from './access';
import * as repo from './repository';
import { missingForClaims, practiceOrDefault, presentCoverage, requirePermission } from './shared';
/** The practice's billing identity and clinicians' NPIs (admin), and a patient's insurance (billing staff). */
export class PracticeService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now();
  }

  async practice(auth: AuthContext) {
    requirePermission(auth, SETTINGS);
    const db = this.ctx.db;
    const p = await practiceOrDefault(db, this.now());
    const [clinicians, types] = await Promise.all([
      repo.billingClinicians(db),
      repo.activeAppointmentTypes(db),
    ]);
    const detail = JSON.parse(p.superbill_detail) as Record<string, SuperbillDetail>;
    await db
      .transaction()
      .execute((trx) => appendAudit(trx, this.ctx.clock, auth, { action: 'billing.practice_read' }));
    return {
      ...this.presentPractice(p),
      clinicians: clinicians.map((c) => ({
        userId: c.id,
        name: c.name,
        role: c.role,
        npi: c.npi ?? null,
        taxonomy: c.taxonomy ?? null,
        credentials: c.credentials ?? null,
      })),
      visitTypes: types.map((t) => ({ id: t.id, name: t.name, detail: detail[t.id] ?? 'main' })),
      missingForClaims: missingForClaims(p),
    };
  }

  private presentPractice(p: repo.PracticeRow) {
    return {
      name: p.name,
      addressLine1: p.address_line1,
      addressLine2: p.address_line2,
      city: p.city,
      state: p.state,
      postalCode: p.postal_code,
      phone: p.phone,
      taxId: p.tax_id,
      npi: p.npi,
      taxonomy: p.taxonomy,
      submitterId: p.submitter_id,
      receiverName: p.receiver_name,
      receiverId: p.receiver_id,
      contactName: p.contact_name,
      usage: p.usage as 'T' | 'P',
      superbillDetail: JSON.parse(p.superbill_detail) as Record<string, SuperbillDetail>,
      version: Number(p.version),
    };
  }

  async savePractice(auth: AuthContext, body: z.infer<typeof practiceBody>, version: number) {
    requirePermission(auth, SETTINGS);
    await this.ctx.db.transaction().execute(async (trx) => {
      const current = await repo.practiceRow(trx);
      const currentVersion = current ? Number(current.version) : 0;
      if (version !== currentVersion)
        throw conflict('Someone else changed the billing identity: reload and apply your change again.');
      const row: repo.PracticeRow = {
        id: repo.PRACTICE_ID,
        name: body.name,
        address_line1: body.addressLine1,
        address_line2: body.addressLine2,
        city: body.city,
        state: body.state,
        postal_code: body.postalCode,
        phone: body.phone,
        tax_id: body.taxId,
        npi: body.npi,
        taxonomy: body.taxonomy,
        submitter_id: body.submitterId,
        receiver_name: body.receiverName,
        receiver_id: body.receiverId,
        contact_name: body.contactName,
        usage: body.usage,
        superbill_detail: JSON.stringify(body.superbillDetail),
        version: currentVersion + 1,
        updated_by: auth.userId,
        updated_at: this.now().toISOString(),
      };
      const n = await repo.savePractice(trx, row, current ? currentVersion : null);
      if (n !== 1)
        throw conflict('Someone else changed the billing identity: reload and apply your change again.');
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'billing.practice_update',
        objectType: 'billing_practice',
        detail: { fields: Object.keys(body) },
      });
    });
    return this.practice(auth);
  }

  async setClinician(auth: AuthContext, userId: string, body: z.infer<typeof clinicianBody>) {
    requirePermission(auth, SETTINGS);
    await this.ctx.db.transaction().execute(async (trx) => {
      const u = await repo.userById(trx, userId);
      if (!u || !['prescriber', 'nurse', 'therapist'].includes(u.role)) throw notFound('clinician');
      await repo.saveClinician(trx, {
        user_id: userId,
        npi: body.npi,
        taxonomy: body.taxonomy,
        credentials: body.credentials,
        updated_by: auth.userId,
        updated_at: this.now().toISOString(),
      });
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'billing.clinician_npi',
        objectType: 'user',
        objectId: userId,
      });
    });
    return this.practice(auth);
  }

  // ───────────────────────────── insurance (per patient)

  async coverage(auth: AuthContext, patientId: string) {
    if (auth.role === 'patient') throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      READ,
      { action: 'billing.coverage_read' },
      async (trx) => ({ coverage: presentCoverage(await repo.coverageOf(trx, patientId)) }),
    );
  }

  async saveCoverage(auth: AuthContext, patientId: string, body: z.infer<typeof coverageBody>) {
    if (auth.role === 'patient') throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      WRITE,
      { action: 'billing.coverage_update', objectType: 'patient_coverage' },
      async (trx) => {
        const current = await repo.coverageOf(trx, patientId);
        const self = body.relationship === '18';
        await repo.saveCoverage(trx, {
          patient_id: patientId,
          payer_name: body.payerName,
          payer_id: body.payerId,
          member_id: body.memberId,
          group_number: body.groupNumber,
          filing_indicator: body.filingIndicator,
          relationship: body.relationship,
          insured_first_name: self ? null : body.insuredFirstName,
          insured_last_name: self ? null : body.insuredLastName,
          insured_date_of_birth: self ? null : body.insuredDateOfBirth,
          insured_sex: self ? null : body.insuredSex,
          version: current ? Number(current.version) + 1 : 1,
          updated_by: auth.userId,
          updated_at: this.now().toISOString(),
        });
        return { coverage: presentCoverage(await repo.coverageOf(trx, patientId)) };
      },
    );
  }
}
