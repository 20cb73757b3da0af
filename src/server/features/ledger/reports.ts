import type { z } from 'zod';
import type { report, reportRow } from '../../../contracts/ledger';
import { formatQuantity } from '../../../domain/ledger';
import { formatLocal } from '../../../domain/scheduling/time';
import { dateWords as shared } from '../../../domain/scheduling/zone-words';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import { findPatientIds, type PatientName, patientNames, patientWords } from '../../platform/patient-names';
import { getSetting } from '../../platform/settings';
import { userNames } from '../users';
import * as repo from './repository';
import { requirePermission } from './service';

export type Report = z.infer<typeof report>;
export type ReportKind = Report['kind'];
type Row = z.infer<typeof reportRow>;
interface Range {
  from?: string | undefined;
  to?: string | undefined;
  format: string;
}

/**
 * The printable controlled-substance records (21 CFR 1304.22(c): for each substance, quantities received,
 * dispensed or administered, and otherwise disposed of, with dates and who; 1304.11: inventories), for any
 * date range, on screen, as CSV and as PDF. Every report read is audited; the patient log names its patient.
 */
export class ReportService {
  constructor(private readonly ctx: AppContext) {}

  /** Per-product running log: every movement with the product's balance after it. */
  async runningLog(auth: AuthContext, productId: string, q: Range): Promise<Report> {
    requirePermission(auth, 'ledger.read');
    const db = this.ctx.db;
    const product = await repo.findProduct(db, productId);
    if (!product) throw notFound('product');
    const opening = q.from ? await repo.productBalanceBefore(db, productId, q.from) : 0;
    const events = await repo.listEvents(db, { productId, ...range(q) });
    let balance = opening;
    const rows = await this.rows(auth, events, (e) => {
      balance += Number(e.delta_ug);
      return balance;
    });
    await this.audit(auth, 'running_log', q, { productId });
    return this.make('running_log', `Running log: ${product.name} (NDC ${product.ndc})`, q, opening, rows);
  }

  /** Administration and dispensing for one patient (the patient id links to the dosing record). */
  async patientLog(auth: AuthContext, patientId: string, q: Range): Promise<Report> {
    requirePermission(auth, 'ledger.read');
    const events = await repo.listEvents(this.ctx.db, {
      patientId,
      types: ['administer', 'dispense'],
      ...range(q),
    });
    const rows = await this.rows(auth, events, (e) => Number(e.balance_after_ug));
    const who = (await patientNames(this.ctx.db, auth, this.ctx.clock.now().toISOString(), [patientId])).get(
      patientId,
    );
    await this.audit(auth, 'patient_log', q, {}, patientId);
    return this.make(
      'patient_log',
      `Administration and dispensing log: ${who ? patientWords(who) : 'patient not on record'}`,
      q,
      null,
      rows,
    );
  }

  /**
   * Patients with doses or take-home supplies on record, found by name or chart number, for the patient log's
   * chooser (nobody types a record id). Names follow the oversight rule of platform/patient-names.ts.
   */
  async patients(auth: AuthContext, q: string): Promise<{ patients: { id: string; label: string }[] }> {
    requirePermission(auth, 'ledger.read');
    const db = this.ctx.db;
    const nowIso = this.ctx.clock.now().toISOString();
    const ids = await findPatientIds(db, auth, nowIso, q);
    const withEvents = await repo.patientsWithEvents(db, ids);
    const names = await patientNames(db, auth, nowIso, withEvents);
    const patients = withEvents
      .filter((id) => names.has(id))
      .map((id) => ({ id, label: patientWords(names.get(id) as PatientName) }))
      .sort((a, b) => a.label.localeCompare(b.label));
    await this.ctx.db.transaction().execute((trx) =>
      appendAudit(trx, this.ctx.clock, auth, {
        action: 'ledger.patient_search',
        objectType: 'ledger_report',
        objectId: 'patient_log',
        detail: { results: patients.length },
      }),
    );
    return { patients };
  }

  /** Counts that differed from the books, and how each was resolved. */
  async discrepancies(auth: AuthContext, q: Range): Promise<Report> {
    requirePermission(auth, 'ledger.read');
    const db = this.ctx.db;
    const found = await repo.listDiscrepancies(db, range(q));
    const events = await repo.listEvents(db, { types: ['count'], ...range(q) });
    const byId = new Map(found.map((d) => [d.id, d]));
    const resolutions = new Map<string, repo.EventRow>();
    for (const d of found) {
      if (d.resolved_by) {
        const r = await repo.findEvent(db, d.resolved_by);
        if (r) resolutions.set(d.id, r);
      }
    }
    const rows = await this.rows(
      auth,
      events.filter((e) => byId.has(e.id)),
      (e) => Number(e.expected_ug),
      (e) => {
        const r = resolutions.get(e.id);
        return r
          ? `resolved by ${RESOLUTION_WORDS[r.type] ?? r.type.replace('_', ' ')} on ${dateWords(r.local_date)}${r.reason ? `: ${r.reason}` : ''}`
          : 'not resolved yet';
      },
    );
    await this.audit(auth, 'discrepancies', q);
    return this.make('discrepancies', 'Count discrepancies', q, null, rows);
  }

  /** The signed inventory record (initial or biennial). */
  async inventory(auth: AuthContext, id: string, format: string): Promise<Report> {
    requirePermission(auth, 'ledger.read');
    const db = this.ctx.db;
    const inv = await repo.findInventory(db, id);
    if (!inv) throw notFound('inventory');
    const events = await repo.listEvents(db, { inventoryId: id });
    const rows = await this.rows(
      auth,
      events,
      (e) => Number(e.expected_ug),
      (e) => ((JSON.parse(e.payload) as { estimated?: boolean }).estimated ? 'estimated' : 'exact count'),
    );
    const signer = (await userNames(db, [inv.signed_by])).get(inv.signed_by) ?? inv.signed_by;
    await this.audit(auth, 'inventory', { format }, { inventoryId: id });
    const title = `${inv.kind === 'initial' ? 'Initial' : 'Biennial'} inventory of ${dateWords(inv.local_date)}, as of ${inv.as_of === 'opening' ? 'opening' : 'close'} of business`;
    const r = await this.make(
      'inventory',
      title,
      { from: inv.local_date, to: inv.local_date, format },
      null,
      rows,
    );
    const zone = await getSetting(db, 'clinic.timezone');
    r.subtitle = `Registrations ${(JSON.parse(inv.registrations) as string[]).join(', ')} · ${inv.line_count} containers, total ${formatQuantity(Number(inv.total_ug))} · signed by ${signer} on ${formatLocal(inv.signed_at, zone)} · record hash ${inv.content_hash}`;
    return r;
  }

  /** Title and subtitle in the clinic's words: dates as dates, the time generated on the clinic's clock. */
  private async make(
    kind: ReportKind,
    title: string,
    q: Range,
    openingBalanceUg: number | null,
    rows: Row[],
  ): Promise<Report> {
    const span =
      q.from || q.to
        ? `${q.from ? dateWords(q.from) : 'the beginning'} to ${q.to ? dateWords(q.to) : 'today'}`
        : 'all dates';
    const zone = await getSetting(this.ctx.db, 'clinic.timezone');
    return {
      kind,
      title,
      subtitle: `${span} · generated ${formatLocal(this.ctx.clock.now(), zone)} · quantities in mg`,
      from: q.from ?? null,
      to: q.to ?? null,
      openingBalanceUg,
      rows,
    };
  }

  /** Resolves names for ids: containers, lots, products, locations, staff, patients. */
  private async rows(
    auth: AuthContext,
    events: repo.EventRow[],
    balance: (e: repo.EventRow) => number,
    reason?: (e: repo.EventRow) => string | null,
  ): Promise<Row[]> {
    const db = this.ctx.db;
    const patients = await patientNames(
      db,
      auth,
      this.ctx.clock.now().toISOString(),
      events.map((e) => e.patient_id),
    );
    const views = new Map(
      (await repo.listContainerViews(db, { ids: [...new Set(events.map((e) => e.container_id))] })).map(
        (v) => [v.id, v],
      ),
    );
    const locations = new Map((await repo.listLocations(db)).map((l) => [l.id, l.name]));
    const witnessIds = events.map((e) => JSON.parse(e.witness_ids) as string[]);
    const names = await userNames(db, [...events.map((e) => e.actor_id), ...witnessIds.flat()]);
    return events.map((e, i) => {
      const v = views.get(e.container_id);
      const where = locations.get(e.location_id) ?? e.location_id;
      return {
        seq: Number(e.seq),
        localDate: e.local_date,
        at: e.at,
        type: e.type,
        container: v?.label ?? e.container_id,
        lotNumber: v?.lot_number ?? e.lot_id,
        productName: v?.product_name ?? e.product_id,
        location: e.to_location_id
          ? `${where} → ${locations.get(e.to_location_id) ?? e.to_location_id}`
          : where,
        quantityUg:
          e.type === 'count' ? Number(e.observed_ug) : e.quantity_ug === null ? null : Number(e.quantity_ug),
        deltaUg: e.type === 'count' ? Number(e.observed_ug) - Number(e.expected_ug) : Number(e.delta_ug),
        balanceUg: balance(e),
        patientId: e.patient_id,
        // A reference with no patient record behind it (an older or external entry) is shown as recorded.
        patient: e.patient_id
          ? patients.has(e.patient_id)
            ? patientWords(patients.get(e.patient_id) as PatientName)
            : e.patient_id
          : null,
        actor: names.get(e.actor_id) ?? e.actor_id,
        witnesses: (witnessIds[i] ?? []).map((w) => names.get(w) ?? w),
        reason: reason ? reason(e) : e.reason,
      };
    });
  }

  private async audit(
    auth: AuthContext,
    reportName: string,
    q: Range,
    detail: Record<string, unknown> = {},
    patientId: string | null = null,
  ) {
    await this.ctx.db.transaction().execute((trx) =>
      appendAudit(trx, this.ctx.clock, auth, {
        action: 'ledger.report',
        patientId,
        objectType: 'ledger_report',
        objectId: reportName,
        detail: { ...detail, from: q.from ?? null, to: q.to ?? null, format: q.format },
      }),
    );
  }
}

/** Which movement resolved a count discrepancy, in words. */
const RESOLUTION_WORDS: Record<string, string> = {
  adjust: 'a witnessed adjustment',
  theft_loss: 'a theft/loss report',
};

/** Dates in words (plain: "Jan 12, 2027"), the same words as every other screen. */
export const dateWords = (ymd: string): string => shared(ymd, 'plain');

const range = (q: Range) => ({ ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) });
