import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { editLineBody, lineBody, worklistQuery } from '../../../contracts/billing';
import { billingCode, checkLine, type FieldProblem, lineAmount } from '../../../domain/billing';
import { toLocal } from '../../../domain/scheduling';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import { mayOpenSql } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { type VisitContext, visitContext } from './facts';
import { knownCodesOn, priceOn } from './fees';
import { patientName } from './present';
import { notCompleted, proposeInto } from './propose';
import * as repo from './repository';
import { patientBillingView, visitView } from './view';
import * as visits from './visits-repository';

/**
 * Charge lines of completed visits (issue #22): proposed by the rules, reviewed and edited, finalised (locked),
 * reversed by new lines. Every read and write goes through the patient's record (withPatient: access check and
 * one audit entry); billing reads the clinical record and never changes it.
 */
const refuse = (fields: FieldProblem[]) => {
  if (fields.length) throw new AppError('validation_failed', fields[0]?.message, fields);
};

export class BillingService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  /** The Billing tab: completed visits with their lines, payments and the balance. */
  async patientBilling(auth: AuthContext, patientId: string) {
    if (auth.role === 'patient') throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'billing.read',
      { action: 'billing.read' },
      (trx, p) => patientBillingView(trx, p, auth.permissions.has('billing.write')),
    );
  }

  /** The visit (appointment or at-home session) and its patient, or 404; staff with billing.write only. */
  private async onVisit<T>(
    auth: AuthContext,
    visitId: string,
    action: 'billing.propose' | 'billing.line_add' | 'billing.finalise',
    fn: (trx: Executor, v: VisitContext, detail: Record<string, unknown>) => Promise<T>,
  ): Promise<T> {
    if (auth.role === 'patient') throw forbidden();
    const v = await visitContext(this.ctx.db, visitId);
    if (!v) throw notFound('visit');
    const detail: Record<string, unknown> = { visitId };
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      v.patientId,
      'billing.write',
      { action, objectType: 'visit', objectId: visitId, detail },
      async (trx) => fn(trx, (await visitContext(trx, visitId)) as VisitContext, detail),
    );
  }

  /** Proposes the visit's lines from its record; refused on a visit not completed or already finalised. */
  async propose(auth: AuthContext, visitId: string) {
    return this.onVisit(auth, visitId, 'billing.propose', async (trx, v, detail) => {
      const result = await proposeInto(trx, this.ctx.clock, v, auth.userId);
      detail.codes = result.codes;
      return { visit: await visitView(trx, v, visitId), notes: result.notes };
    });
  }

  async addLine(auth: AuthContext, visitId: string, body: z.infer<typeof lineBody>) {
    return this.onVisit(auth, visitId, 'billing.line_add', async (trx, v, detail) => {
      if (!v.completed) throw notCompleted();
      const existing = await repo.chargesOfVisit(trx, visitId);
      const line = await this.lineFromBody(trx, v, body, existing);
      await repo.insertChargeLine(trx, {
        ...line,
        id: randomUUID(),
        seq: Math.max(0, ...existing.map((l) => l.seq)) + 1,
        origin: 'manual',
        rule_key: null,
        state: 'proposed',
        reverses_id: null,
        finalised_by: null,
        finalised_at: null,
        created_by: auth.userId,
        created_at: this.now(),
        updated_by: auth.userId,
        updated_at: this.now(),
        version: 1,
      });
      detail.code = line.code;
      return visitView(trx, v, visitId);
    });
  }

  /** A proposed line, its visit and patient; a final line is locked (409). */
  private async onLine<T>(
    auth: AuthContext,
    lineId: string,
    action: 'billing.line_edit' | 'billing.line_remove' | 'billing.reverse',
    fn: (trx: Executor, l: repo.ChargeLine, v: VisitContext, detail: Record<string, unknown>) => Promise<T>,
  ): Promise<T> {
    if (auth.role === 'patient') throw forbidden();
    const found = await repo.chargeLineById(this.ctx.db, lineId);
    if (!found) throw notFound('charge line');
    const detail: Record<string, unknown> = { code: found.code };
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      found.patient_id,
      'billing.write',
      { action, objectType: 'charge_line', objectId: lineId, detail },
      async (trx) => {
        const l = (await repo.chargeLineForUpdate(trx, lineId)) as repo.ChargeLine;
        const key = repo.visitKeyOf(l);
        const v = (await visitContext(trx, key)) ?? (await visitContext(trx, l.at_home_session_id ?? key));
        if (!v) throw notFound('visit');
        return fn(trx, l, v, detail);
      },
    );
  }

  async editLine(auth: AuthContext, lineId: string, body: z.infer<typeof editLineBody>) {
    return this.onLine(auth, lineId, 'billing.line_edit', async (trx, l, v, detail) => {
      if (l.state !== 'proposed') throw locked();
      const others = (await repo.chargesOfVisit(trx, repo.visitKeyOf(l))).filter((x) => x.id !== l.id);
      const next = await this.lineFromBody(trx, v, body, others, l);
      const r = await repo.updateChargeLine(trx, l.id, body.version, {
        ...next,
        reason: body.reason ?? l.reason,
        updated_by: auth.userId,
        updated_at: this.now(),
        version: body.version + 1,
      });
      if (Number(r.numUpdatedRows) !== 1)
        throw conflict('Someone changed this line since you opened it: reload and try again.');
      detail.code = next.code;
      return visitView(trx, v, repo.visitKeyOf(l));
    });
  }

  async removeLine(auth: AuthContext, lineId: string) {
    return this.onLine(auth, lineId, 'billing.line_remove', async (trx, l, v) => {
      if (l.state !== 'proposed') throw locked();
      await repo.deleteProposedLine(trx, l.id);
      return visitView(trx, v, repo.visitKeyOf(l));
    });
  }

  /** Finalises the visit's proposed lines (or the ones named): each must pass the checks, pointers included. */
  async finalise(auth: AuthContext, visitId: string, lineIds?: string[]) {
    return this.onVisit(auth, visitId, 'billing.finalise', async (trx, v, detail) => {
      if (!v.completed) throw notCompleted();
      const all = await repo.chargesOfVisit(trx, visitId);
      const chosen = all.filter((l) => l.state === 'proposed' && (!lineIds || lineIds.includes(l.id)));
      if (chosen.length === 0) throw conflict('There are no proposed lines to finalise on this visit.');
      const rows = await repo.feeScheduleRows(trx);
      const problems: FieldProblem[] = [];
      for (const l of chosen) {
        const known = knownCodesOn(rows, l.service_date);
        const fields = checkLine(
          {
            code: l.code,
            modifiers: l.modifiers,
            units: l.units,
            unitPriceCents: l.unit_price_cents,
            diagnosisCodes: l.diagnosis_codes,
            diagnosisPointers: l.diagnosis_pointers,
            placeOfService: l.place_of_service,
            ndc: l.ndc,
          },
          known,
          true,
        );
        for (const f of fields)
          problems.push({ field: `lines.${l.id}.${f.field}`, message: `${l.code}: ${f.message}` });
      }
      refuse(problems);
      const now = this.now();
      for (const l of chosen) {
        const r = await repo.updateChargeLine(trx, l.id, l.version, {
          state: 'final',
          finalised_by: auth.userId,
          finalised_at: now,
          updated_by: auth.userId,
          updated_at: now,
          version: l.version + 1,
        });
        if (Number(r.numUpdatedRows) !== 1)
          throw conflict('A line changed while finalising: reload and try again.');
      }
      detail.lines = chosen.length;
      detail.totalCents = chosen.reduce((s, l) => s + l.amount_cents, 0);
      return { visit: await visitView(trx, v, visitId) };
    });
  }

  /** A correction of a final line: a new final line with the negated amount, naming it; the original stays. */
  async reverse(auth: AuthContext, lineId: string, reason: string) {
    return this.onLine(auth, lineId, 'billing.reverse', async (trx, l, v, detail) => {
      if (l.state !== 'final')
        throw conflict('Only a final line is reversed; a proposed line can be edited or removed.');
      if (l.reverses_id !== null) throw conflict('A reversal is not reversed: add a new line instead.');
      if (await repo.reversalOf(trx, l.id)) throw conflict('This line was already reversed.');
      const now = this.now();
      const siblings = await repo.chargesOfVisit(trx, repo.visitKeyOf(l));
      await repo.insertChargeLine(trx, {
        ...toRow(l),
        id: randomUUID(),
        seq: Math.max(0, ...siblings.map((s) => s.seq)) + 1,
        amount_cents: -l.amount_cents,
        origin: 'reversal',
        rule_key: null,
        state: 'final',
        reverses_id: l.id,
        reason,
        finalised_by: auth.userId,
        finalised_at: now,
        created_by: auth.userId,
        created_at: now,
        updated_by: auth.userId,
        updated_at: now,
        version: 1,
      });
      detail.amountCents = -l.amount_cents;
      return visitView(trx, v, repo.visitKeyOf(l));
    });
  }

  /** Completed visits whose charges wait for review (none yet, or some still proposed), oldest first. */
  async worklist(auth: AuthContext, q: z.infer<typeof worklistQuery>) {
    if (auth.role === 'patient') throw forbidden();
    const now = this.now();
    return this.ctx.db.transaction().execute(async (trx) => {
      const rows = await visits.unreviewedVisits(
        trx,
        (col) => mayOpenSql(auth, now, col),
        q.limit + 1,
        q.offset,
      );
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'billing.worklist',
        detail: { count: Math.min(rows.length, q.limit), offset: q.offset },
      });
      return {
        hasMore: rows.length > q.limit,
        items: rows.slice(0, q.limit).map((r) => {
          const local = toLocal(r.starts_at, r.timezone);
          return {
            visitId: r.id,
            patientId: r.patient_id as string,
            patientName: patientName(r),
            chartNumber: r.chart_number,
            label: r.type_name,
            serviceDate: local.date,
            localStart: local.time,
            proposedLines: Number(r.proposed ?? 0),
            finalLines: Number(r.final ?? 0),
          };
        }),
      };
    });
  }

  /** A line's fields from a request, priced from the fee schedule when no price is given, checked. */
  private async lineFromBody(
    trx: Executor,
    v: VisitContext,
    body: z.infer<typeof lineBody>,
    siblings: repo.ChargeLine[],
    current?: repo.ChargeLine,
  ) {
    const date = v.facts.serviceDate;
    const rows = await repo.feeScheduleRows(trx);
    const price = priceOn(rows, body.code, body.modifiers, date);
    const diagnosisCodes =
      body.diagnosisCodes ??
      current?.diagnosis_codes ??
      siblings[0]?.diagnosis_codes ??
      v.facts.diagnosisCodes.slice(0, 12);
    const unitPriceCents = body.unitPriceCents ?? price?.unitPriceCents ?? 0;
    const placeOfService =
      body.placeOfService ??
      current?.place_of_service ??
      siblings[0]?.place_of_service ??
      (v.facts.modality === 'in_person' ? '11' : '10');
    refuse(
      checkLine(
        {
          code: body.code,
          modifiers: body.modifiers,
          units: body.units,
          unitPriceCents,
          diagnosisCodes,
          diagnosisPointers: body.diagnosisPointers,
          placeOfService,
          ndc: body.ndc ?? null,
        },
        knownCodesOn(rows, date),
      ),
    );
    const drug = billingCode(body.code)?.drug ?? false;
    return {
      patient_id: v.patientId,
      appointment_id: v.appointmentId,
      dosing_session_id: v.dosingSessionId,
      at_home_session_id: v.atHomeSessionId,
      service_date: date,
      code: body.code,
      modifiers: JSON.stringify(body.modifiers),
      description: body.description ?? price?.description ?? body.code,
      units: body.units,
      unit_price_cents: unitPriceCents,
      amount_cents: lineAmount(body.units, unitPriceCents),
      diagnosis_codes: JSON.stringify(diagnosisCodes),
      diagnosis_pointers: JSON.stringify(body.diagnosisPointers),
      ndc: body.ndc || (drug ? (price?.ndc ?? null) : null),
      ndc_unit: drug && body.ndcQuantity ? 'ME' : null,
      ndc_quantity: drug ? (body.ndcQuantity ?? null) : null,
      place_of_service: placeOfService,
      rendering_clinician_id:
        body.renderingClinicianId === undefined
          ? (current?.rendering_clinician_id ?? v.prescriberId)
          : body.renderingClinicianId,
      reason: body.reason ?? current?.reason ?? null,
      fee_schedule_id: body.unitPriceCents === undefined ? (price?.feeId ?? null) : null,
    };
  }
}

const locked = () => conflict('A final line is locked: reverse it and add a new line to correct it.');

const toRow = (l: repo.ChargeLine): repo.ChargeLineRow => ({
  ...l,
  modifiers: JSON.stringify(l.modifiers),
  diagnosis_codes: JSON.stringify(l.diagnosis_codes),
  diagnosis_pointers: JSON.stringify(l.diagnosis_pointers),
});
