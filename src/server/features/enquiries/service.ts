import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { enquiryBody, enquiryListQuery } from '../../../contracts/enquiries';
import { fromBool, toBool } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext, RequestMeta } from '../../platform/auth-context';
import { mayOpenSql } from '../../platform/confidential';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { serviceOf } from '../../platform/services';
import { getSetting } from '../../platform/settings';
import { hitRateLimit } from '../../platform/throttle';
import { PatientsService } from '../patients';
import * as repo from './repository';

/** Enquiries per IP address per hour: generous for a family sharing a connection, useless to a spammer. */
export const ENQUIRY_LIMIT_PER_HOUR = 5;

export class EnquiriesService {
  private readonly patients: PatientsService;
  constructor(private readonly ctx: AppContext) {
    this.patients = serviceOf(ctx, PatientsService);
  }

  /** The public form. Stores only what it asks for; urgent when suicidal thoughts or a recent attempt are reported. */
  async submit(
    meta: RequestMeta,
    body: z.infer<typeof enquiryBody>,
  ): Promise<{ received: true; crisis: boolean }> {
    const crisis =
      body.concerns.includes('suicidal_thoughts') || body.redFlags.includes('recent_suicide_attempt');
    const limit = await hitRateLimit(
      this.ctx.db,
      this.ctx.clock,
      `enquiry-ip:${meta.ip ?? 'unknown'}`,
      ENQUIRY_LIMIT_PER_HOUR,
      3_600_000,
    );
    if (!limit.allowed) {
      throw new AppError(
        'rate_limited',
        'We have received several requests from your connection. Please call the clinic instead, or try again later.',
        undefined,
        { retryAfterSec: limit.retryAfterSec, crisis },
      );
    }
    // A filled honeypot is a bot: answer as if accepted, keep nothing.
    if (body.website) return { received: true, crisis };
    const now = this.ctx.clock.now().toISOString();
    const id = randomUUID();
    const clinic = await getSetting(this.ctx.db, 'clinic.name');
    await this.ctx.db.transaction().execute(async (trx) => {
      await repo.insertEnquiry(trx, {
        id,
        status: 'new',
        urgent: fromBool(crisis),
        first_name: body.firstName,
        last_name: body.lastName,
        email: body.email,
        phone: body.phone,
        state: body.state,
        date_of_birth: body.dateOfBirth,
        concerns: JSON.stringify(body.concerns),
        red_flags: JSON.stringify(body.redFlags),
        preferred_contact_time: body.preferredContactTime,
        consent_to_contact: 1,
        patient_id: null,
        created_at: now,
        updated_at: now,
      });
      await this.ctx.mailer.enqueue(trx, {
        to: body.email,
        subject: `${clinic}: we received your request`,
        text: [
          `Hello ${body.firstName},`,
          '',
          `Thank you for contacting ${clinic}. A member of our team will reach out to arrange a consultation.`,
          '',
          'If you are in crisis or thinking about harming yourself, please call or text 988 (Suicide & Crisis',
          'Lifeline) now, or call 911. Do not wait for us to contact you.',
        ].join('\n'),
        relatedType: 'enquiry',
        relatedId: id,
      });
      await appendAudit(trx, this.ctx.clock, meta, {
        action: 'enquiry.create',
        objectType: 'enquiry',
        objectId: id,
        detail: { urgent: crisis },
      });
    });
    void this.ctx.mailer.flush();
    return { received: true, crisis };
  }

  private require(auth: AuthContext) {
    if (auth.role === 'patient' || !auth.permissions.has('enquiries.manage')) throw forbidden();
  }

  /**
   * An enquiry converted to a confidential record carries that patient's name and birth date: it is shown only
   * to those who may open the record (platform/confidential.ts), and answers 404 to everyone else.
   */
  private openable(auth: AuthContext) {
    return mayOpenSql(auth, this.ctx.clock.now().toISOString(), 'enquiries.patient_id');
  }

  async list(auth: AuthContext, q: z.infer<typeof enquiryListQuery>) {
    this.require(auth);
    const { rows, total } = await repo.listEnquiries(this.ctx.db, q, this.openable(auth));
    await this.ctx.db.transaction().execute((trx) =>
      appendAudit(trx, this.ctx.clock, auth, {
        action: 'enquiry.list',
        objectType: 'enquiry',
        detail: { results: rows.length },
      }),
    );
    return { enquiries: rows.map(present), total };
  }

  async get(auth: AuthContext, id: string) {
    this.require(auth);
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await repo.findEnquiry(trx, id, this.openable(auth));
      if (!row) throw notFound('enquiry');
      const notes = await repo.notesOf(trx, id);
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'enquiry.read',
        objectType: 'enquiry',
        objectId: id,
        patientId: row.patient_id,
      });
      return {
        ...present(row),
        notes: notes.map((n) => ({
          id: n.id,
          authorName: n.name ?? null,
          body: n.body,
          statusChange: n.status_change,
          createdAt: n.created_at,
        })),
      };
    });
  }

  async setStatus(auth: AuthContext, id: string, status: string, note?: string) {
    this.require(auth);
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await repo.findEnquiry(trx, id, this.openable(auth));
      if (!row) throw notFound('enquiry');
      if (row.status === 'converted')
        throw conflict('This enquiry was converted to a patient record; change the patient instead.');
      const now = this.ctx.clock.now().toISOString();
      await repo.updateEnquiry(trx, id, { status, updated_at: now });
      await repo.insertNote(trx, {
        id: randomUUID(),
        enquiry_id: id,
        author_id: auth.userId,
        body: note ?? '',
        status_change: status,
        created_at: now,
      });
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'enquiry.status',
        objectType: 'enquiry',
        objectId: id,
        detail: { from: row.status, to: status },
      });
      return present({ ...row, status, updated_at: now });
    });
  }

  async addNote(auth: AuthContext, id: string, body: string) {
    this.require(auth);
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await repo.findEnquiry(trx, id, this.openable(auth));
      if (!row) throw notFound('enquiry');
      const note = {
        id: randomUUID(),
        enquiry_id: id,
        author_id: auth.userId,
        body,
        status_change: null,
        created_at: this.ctx.clock.now().toISOString(),
      };
      await repo.insertNote(trx, note);
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'enquiry.note',
        objectType: 'enquiry',
        objectId: id,
        patientId: row.patient_id,
      });
      return { id: note.id, authorName: auth.name, body, statusChange: null, createdAt: note.created_at };
    });
  }

  /** Creates the patient record from the enquiry, without retyping, and links the two. */
  async convert(auth: AuthContext, id: string): Promise<{ patientId: string; chartNumber: string }> {
    this.require(auth);
    if (!auth.permissions.has('patients.write'))
      throw forbidden('Creating a patient record needs the patients.write permission.');
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await repo.findEnquiry(trx, id, this.openable(auth));
      if (!row) throw notFound('enquiry');
      if (row.patient_id)
        throw conflict('This enquiry was already converted.', { patientId: row.patient_id });
      if (row.status === 'declined') throw conflict('This enquiry was declined; reopen it first.');
      const created = await this.patients.create(
        auth,
        {
          firstName: row.first_name,
          lastName: row.last_name,
          dateOfBirth: row.date_of_birth,
          email: row.email,
          phone: row.phone,
          state: row.state as 'CA',
          status: 'intake',
        },
        trx,
        id,
      );
      const now = this.ctx.clock.now().toISOString();
      await repo.updateEnquiry(trx, id, { status: 'converted', patient_id: created.id, updated_at: now });
      await repo.insertNote(trx, {
        id: randomUUID(),
        enquiry_id: id,
        author_id: auth.userId,
        body: `Converted to patient ${created.chartNumber}`,
        status_change: 'converted',
        created_at: now,
      });
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'enquiry.convert',
        objectType: 'enquiry',
        objectId: id,
        patientId: created.id,
      });
      return { patientId: created.id, chartNumber: created.chartNumber };
    });
  }
}

const present = (r: repo.EnquiryRow) => ({
  id: r.id,
  status: r.status as 'new',
  urgent: toBool(r.urgent),
  firstName: r.first_name,
  lastName: r.last_name,
  email: r.email,
  phone: r.phone,
  state: r.state,
  dateOfBirth: r.date_of_birth,
  concerns: JSON.parse(r.concerns) as string[],
  redFlags: JSON.parse(r.red_flags) as string[],
  preferredContactTime: r.preferred_contact_time,
  patientId: r.patient_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
