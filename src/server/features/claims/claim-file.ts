import { randomUUID } from 'node:crypto';
import {
  type Batch837,
  build837p,
  type Claim837,
  chargesCsv,
  check837p,
  isValidNpi,
  PLACES_OF_SERVICE,
  type PlaceOfService,
} from '../../../domain/billing-docs';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, invalid, notFound } from '../../platform/errors';
import { type ChargeLine, finalChargesBetween } from '../billing';
import { EXPORT } from './access';
import * as repo from './repository';
import {
  ESKETAMINE_CODES,
  groupByVisit,
  missingForClaims,
  practiceOrDefault,
  requirePermission,
  splitName,
  standingLines,
} from './shared';
/** The 837P claim file of the esketamine visits, its batches, and the charges CSV (biller and admin). */
export class ClaimFileService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now();
  }

  // ───────────────────────────── claim file (837P) and CSV

  private requireExport(auth: AuthContext) {
    requirePermission(auth, EXPORT);
  }

  /** The esketamine visits with final charges in [from, to] not yet sent in an earlier batch, with their claims. */
  private async claimsBetween(db: Executor, from: string, to: string) {
    const all = standingLines(await finalChargesBetween(db, from, to));
    const byVisit = groupByVisit(all);
    const esk = [...byVisit.entries()].filter(([, vl]) => vl.some((l) => ESKETAMINE_CODES.includes(l.code)));
    const lineIds = esk.flatMap(([, vl]) => vl.map((l) => l.id));
    const already = await repo.batchedLines(db, lineIds);
    const pending = esk.filter(([, vl]) => !vl.some((l) => already.has(l.id)));
    const patientIds = [...new Set(pending.map(([, vl]) => (vl[0] as ChargeLine).patient_id))];
    const patients = new Map((await repo.patientsByIds(db, patientIds)).map((p) => [p.id, p]));
    const coverages = new Map((await repo.coverageOfPatients(db, patientIds)).map((c) => [c.patient_id, c]));
    const clinicianIds = [
      ...new Set(
        pending.flatMap(([, vl]) => vl.map((l) => l.rendering_clinician_id)).filter((x): x is string => !!x),
      ),
    ];
    const clinicians = new Map((await repo.clinicianRows(db, clinicianIds)).map((c) => [c.id, c]));
    return pending.map(([visitId, vl]) => {
      const lines = [...vl].sort((a, b) => a.seq - b.seq);
      const first = lines[0] as ChargeLine;
      const p = patients.get(first.patient_id);
      const cov = coverages.get(first.patient_id);
      const c = first.rendering_clinician_id ? clinicians.get(first.rendering_clinician_id) : undefined;
      const problems: string[] = [];
      if (!cov) problems.push('No insurance on file');
      else if (!cov.payer_id) problems.push('The insurer’s payer id is missing');
      if (!c?.npi || !isValidNpi(c.npi)) problems.push('The rendering clinician has no NPI');
      if (!p?.address_line1 || !p.city || !p.postal_code)
        problems.push('The patient’s address is incomplete');
      // Diagnoses on the claim: the visit's codes in order of first use by a line.
      const dx: string[] = [];
      for (const l of lines)
        for (const i of l.diagnosis_pointers) {
          const code = l.diagnosis_codes[i - 1];
          if (code && !dx.includes(code)) dx.push(code);
        }
      if (dx.length === 0) problems.push('No diagnosis on the charges');
      const sex = (s: string | null | undefined): 'F' | 'M' | 'U' =>
        s === 'female' || s === 'F' ? 'F' : s === 'male' || s === 'M' ? 'M' : 'U';
      const address = {
        line1: p?.address_line1 ?? '',
        line2: p?.address_line2 ?? null,
        city: p?.city ?? '',
        state: p?.state ?? '',
        zip: p?.postal_code ?? '',
      };
      const patient = {
        lastName: p?.last_name ?? '',
        firstName: p?.first_name ?? '',
        dateOfBirth: p?.date_of_birth ?? '',
        sex: sex(p?.sex_at_birth),
        address,
      };
      const self = !cov || cov.relationship === '18';
      const rendering = splitName(c?.name ?? '');
      const claim: Claim837 = {
        controlNumber: visitId.replaceAll('-', '').slice(0, 20),
        placeOfService: (first.place_of_service in PLACES_OF_SERVICE
          ? first.place_of_service
          : '11') as PlaceOfService,
        patient,
        relationship: (cov?.relationship ?? '18') as Claim837['relationship'],
        subscriber: self
          ? { ...patient, memberId: cov?.member_id ?? '', groupNumber: cov?.group_number ?? null }
          : {
              lastName: cov.insured_last_name ?? '',
              firstName: cov.insured_first_name ?? '',
              dateOfBirth: cov.insured_date_of_birth ?? '',
              sex: sex(cov.insured_sex),
              address,
              memberId: cov.member_id,
              groupNumber: cov.group_number,
            },
        payer: { name: cov?.payer_name ?? '', id: cov?.payer_id ?? '' },
        filingIndicator: (cov?.filing_indicator ?? 'CI') as Claim837['filingIndicator'],
        diagnoses: dx,
        rendering: { ...rendering, npi: c?.npi ?? '', taxonomy: c?.taxonomy ?? null },
        lines: lines.map((l) => ({
          code: l.code,
          modifiers: l.modifiers,
          amountCents: l.amount_cents,
          units: l.units,
          pointers: l.diagnosis_pointers
            .map((i) => dx.indexOf(l.diagnosis_codes[i - 1] ?? '') + 1)
            .filter((n) => n > 0),
          date: l.service_date,
          drug:
            l.ndc && l.ndc_quantity
              ? { ndc: l.ndc, quantity: l.ndc_quantity, unit: (l.ndc_unit ?? 'ME') as 'ME' }
              : null,
        })),
      };
      return {
        visitId,
        lines,
        claim,
        problems,
        patientName: p ? `${p.first_name} ${p.last_name}` : '—',
      };
    });
  }

  async claimPreview(auth: AuthContext, from: string, to: string) {
    this.requireExport(auth);
    const db = this.ctx.db;
    const claims = await this.claimsBetween(db, from, to);
    const practice = await practiceOrDefault(db, this.now());
    await db.transaction().execute((trx) =>
      appendAudit(trx, this.ctx.clock, auth, {
        action: 'billing.claim_preview',
        detail: { from, to, visits: claims.length },
      }),
    );
    return {
      visits: claims.map((c) => ({
        visitId: c.visitId,
        date: (c.lines[0] as ChargeLine).service_date,
        patientName: c.patientName,
        codes: c.lines.map((l) => l.code),
        totalCents: c.lines.reduce((s, l) => s + l.amount_cents, 0),
        problems: c.problems,
      })),
      practiceProblems: missingForClaims(practice),
    };
  }

  /** Export the batch: the next control number, the file checked structurally, the lines recorded. */
  async exportClaims(auth: AuthContext, from: string, to: string) {
    this.requireExport(auth);
    return this.ctx.db.transaction().execute(async (trx) => {
      const practice = await practiceOrDefault(trx, this.now());
      const missing = missingForClaims(practice);
      if (missing.length > 0)
        throw new AppError(
          'validation_failed',
          `The practice’s billing identity is incomplete: ${missing.join(', ')}.`,
          missing.map((m) => ({ field: 'practice', message: m })),
        );
      const claims = (await this.claimsBetween(trx, from, to)).filter((c) => c.problems.length === 0);
      if (claims.length === 0)
        throw invalid(
          'from',
          'No esketamine visit with finalised charges and complete details in these dates',
        );
      const control = (await repo.lastControlNumber(trx)) + 1;
      const batch: Batch837 = {
        interchangeControl: control,
        createdAt: this.now(),
        usage: practice.usage === 'P' ? 'P' : 'T',
        submitter: {
          name: practice.name,
          id: practice.submitter_id as string,
          contactName: practice.contact_name ?? practice.name,
          phone: practice.phone ?? '',
        },
        receiver: { name: practice.receiver_name as string, id: practice.receiver_id as string },
        billing: {
          name: practice.name,
          npi: practice.npi as string,
          taxId: practice.tax_id as string,
          taxonomy: practice.taxonomy,
          address: {
            line1: practice.address_line1 as string,
            line2: practice.address_line2,
            city: practice.city as string,
            state: practice.state as string,
            zip: practice.postal_code as string,
          },
        },
        claims: claims.map((c) => c.claim),
      };
      let content: string;
      try {
        content = build837p(batch);
      } catch (err) {
        // node-x12 checks the envelope's element lengths: say which part of the identity it refused.
        throw new AppError(
          'validation_failed',
          `The claim file could not be written: ${(err as Error).message}`,
          [{ field: 'practice', message: 'Check the submitter and clearinghouse ids (2 to 15 characters)' }],
        );
      }
      const problems = check837p(content);
      if (problems.length > 0)
        throw new AppError('internal', `The claim file failed its check: ${problems[0]}`);
      const id = randomUUID();
      const total = claims.reduce((s, c) => s + c.lines.reduce((t, l) => t + l.amount_cents, 0), 0);
      await repo.insertBatch(trx, {
        id,
        control_number: control,
        from_date: from,
        to_date: to,
        claim_count: claims.length,
        total_cents: total,
        usage: batch.usage,
        content,
        created_by: auth.userId,
        created_at: this.now().toISOString(),
      });
      await repo.insertBatchLines(
        trx,
        claims.flatMap((c) =>
          c.lines.map((l) => ({ batch_id: id, charge_line_id: l.id, patient_id: l.patient_id })),
        ),
      );
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'billing.claim_export',
        objectType: 'claim_batch',
        objectId: id,
        detail: { from, to, claims: claims.length, controlNumber: control },
      });
      return { id, controlNumber: control, content };
    });
  }

  async batches(auth: AuthContext) {
    this.requireExport(auth);
    const rows = await repo.batchList(this.ctx.db);
    await this.ctx.db.transaction().execute((trx) =>
      appendAudit(trx, this.ctx.clock, auth, {
        action: 'billing.claim_batches',
        detail: { count: rows.length },
      }),
    );
    return {
      batches: rows.map((b) => ({
        id: b.id,
        controlNumber: Number(b.control_number),
        from: b.from_date,
        to: b.to_date,
        claimCount: Number(b.claim_count),
        totalCents: Number(b.total_cents),
        usage: b.usage,
        createdAt: b.created_at,
        createdBy: b.created_by_name,
      })),
    };
  }

  async batchFile(auth: AuthContext, batchId: string) {
    this.requireExport(auth);
    const b = await repo.batchById(this.ctx.db, batchId);
    if (!b) throw notFound('claim file');
    await this.ctx.db.transaction().execute((trx) =>
      appendAudit(trx, this.ctx.clock, auth, {
        action: 'billing.claim_download',
        objectType: 'claim_batch',
        objectId: batchId,
      }),
    );
    return { controlNumber: Number(b.control_number), content: b.content };
  }

  async chargesCsv(auth: AuthContext, from: string, to: string) {
    this.requireExport(auth);
    const db = this.ctx.db;
    const lines = await finalChargesBetween(db, from, to);
    const patients = new Map(
      (await repo.patientsByIds(db, [...new Set(lines.map((l) => l.patient_id))])).map((p) => [p.id, p]),
    );
    const appts = new Map(
      (
        await repo.appointmentsWithType(
          db,
          lines.map((l) => l.appointment_id).filter((x): x is string => !!x),
        )
      ).map((a) => [a.id, a]),
    );
    const clinicians = new Map(
      (
        await repo.clinicianRows(db, [
          ...new Set(lines.map((l) => l.rendering_clinician_id).filter((x): x is string => !!x)),
        ])
      ).map((c) => [c.id, c]),
    );
    const csv = chargesCsv(
      lines.map((l) => {
        const p = patients.get(l.patient_id);
        const a = l.appointment_id ? appts.get(l.appointment_id) : undefined;
        return {
          dateOfService: l.service_date,
          patient: p ? `${p.last_name}, ${p.first_name}` : '',
          visitType: a?.name ?? (l.dosing_session_id ? 'Dosing session' : 'At-home session'),
          clinician: (l.rendering_clinician_id && clinicians.get(l.rendering_clinician_id)?.name) || '',
          code: l.code,
          modifiers: l.modifiers,
          description: l.description,
          units: l.units,
          amountCents: l.amount_cents,
          diagnoses: l.diagnosis_pointers
            .map((i) => l.diagnosis_codes[i - 1])
            .filter((x): x is string => !!x),
          status: l.reverses_id ? 'reversal' : 'final',
          finalisedOn: l.finalised_at ? l.finalised_at.slice(0, 10) : null,
        };
      }),
    );
    await db.transaction().execute((trx) =>
      appendAudit(trx, this.ctx.clock, auth, {
        action: 'billing.charges_csv',
        detail: { from, to, rows: lines.length },
      }),
    );
    return csv;
  }
}
