import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/dialect';
import { appendAudit } from '../../platform/audit';
import type { AuthContext } from '../../platform/auth-context';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors';
import { withPatient } from '../../platform/scope';
import { findUserById } from '../users';
import * as repo from './repository';

/**
 * Versioned consent. A signature stores the hash of the exact text signed; a published version is never
 * edited (admins publish a new one), so a mismatch between a signature's hash and its document's text
 * means tampering, and the chart shows it.
 */
export class ConsentService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now().toISOString();
  }

  async documents(auth: AuthContext) {
    const docs = await repo.listDocuments(this.ctx.db);
    const visible = auth.role === 'patient' ? docs.slice(0, 1) : docs;
    return { documents: visible.map(presentDoc) };
  }

  async publish(auth: AuthContext, body: { title: string; body: string }) {
    if (!auth.permissions.has('settings.manage')) throw forbidden();
    return this.ctx.db.transaction().execute(async (trx) => {
      await repo.ensureConsentTemplate(trx, this.now());
      const row = await repo.insertDocument(trx, body.title, body.body, auth.userId, this.now());
      await appendAudit(trx, this.ctx.clock, auth, {
        action: 'consent.publish',
        objectType: 'consent_document',
        objectId: row.id,
        detail: { version: row.version },
      });
      return presentDoc(row);
    });
  }

  async signatures(auth: AuthContext, patientId: string) {
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'patients.read',
      { action: 'consent.read' },
      async (trx) => ({
        signatures: await this.presentSignatures(trx, patientId),
      }),
    );
  }

  async portalView(auth: AuthContext) {
    const patientId = this.selfPatient(auth);
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      'portal.self',
      { action: 'consent.read' },
      async (trx) => {
        const doc = await repo.latestDocument(trx);
        return {
          document: doc ? presentDoc(doc) : null,
          status: await repo.consentStatusOf(trx, patientId),
          signatures: await this.presentSignatures(trx, patientId),
        };
      },
    );
  }

  async signInPortal(auth: AuthContext, body: { documentId: string; signedName: string }) {
    const patientId = this.selfPatient(auth);
    return this.sign(auth, patientId, { ...body, method: 'portal', witnessId: null });
  }

  async signInClinic(
    auth: AuthContext,
    patientId: string,
    body: { documentId: string; signedName: string; witnessUserId: string },
  ) {
    if (auth.role === 'patient' || !auth.permissions.has('clinical.write')) throw forbidden();
    return this.sign(auth, patientId, {
      documentId: body.documentId,
      signedName: body.signedName,
      method: 'in_clinic',
      witnessId: body.witnessUserId,
    });
  }

  async revoke(auth: AuthContext, patientId: string, signatureId: string, reason: string) {
    const perm = auth.role === 'patient' ? 'portal.self' : 'clinical.write';
    if (!auth.permissions.has(perm)) throw forbidden();
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      perm,
      { action: 'consent.revoke', objectType: 'consent_signature', objectId: signatureId },
      async (trx) => {
        const revoked = await repo.revokeSignature(trx, patientId, signatureId, {
          revoked_at: this.now(),
          revoked_by: auth.userId,
          revoke_reason: reason,
        });
        if (!revoked) throw notFound('signature');
        return { ok: true as const };
      },
    );
  }

  private async sign(
    auth: AuthContext,
    patientId: string,
    s: { documentId: string; signedName: string; method: 'portal' | 'in_clinic'; witnessId: string | null },
  ) {
    const perm = s.method === 'portal' ? 'portal.self' : 'clinical.write';
    return withPatient(
      this.ctx.db,
      this.ctx.clock,
      auth,
      patientId,
      perm,
      { action: 'consent.sign', objectType: 'consent_signature', detail: { method: s.method } },
      async (trx) => {
        const doc = await repo.getDocument(trx, s.documentId);
        const latest = await repo.latestDocument(trx);
        if (!doc)
          throw new AppError('validation_failed', 'Unknown document', [
            { field: 'documentId', message: 'No such consent document' },
          ]);
        if (latest && latest.id !== doc.id)
          throw conflict(
            `A newer version (${latest.version}) of this consent exists: please read and sign that one.`,
          );
        if (s.witnessId) {
          const w = await findUserById(trx, s.witnessId);
          if (w?.status !== 'active' || w.role === 'patient') {
            throw new AppError('validation_failed', 'The witness must be an active staff member.', [
              { field: 'witnessUserId', message: 'Choose an active staff member' },
            ]);
          }
        }
        const already = await repo.consentStatusOf(trx, patientId);
        if (already.isCurrent) throw conflict('The current version is already signed.');
        const id = randomUUID();
        await repo.insertSignature(trx, {
          id,
          patient_id: patientId,
          document_id: doc.id,
          text_hash: repo.documentHash(doc.title, doc.body),
          signed_name: s.signedName,
          method: s.method,
          witness_id: s.witnessId,
          recorded_by: auth.userId,
          signed_at: this.now(),
          ip: auth.ip,
          revoked_at: null,
          revoked_by: null,
          revoke_reason: null,
        });
        return { id, documentVersion: Number(doc.version) };
      },
    );
  }

  private selfPatient(auth: AuthContext): string {
    if (auth.role !== 'patient' || !auth.patientId) throw forbidden();
    return auth.patientId;
  }

  private async presentSignatures(trx: Executor, patientId: string) {
    const latest = await repo.latestDocument(trx);
    return (await repo.signaturesOf(trx, patientId)).map((s) => ({
      id: s.id,
      documentId: s.document_id,
      documentVersion: Number(s.document_version),
      signedName: s.signed_name,
      method: s.method as 'portal' | 'in_clinic',
      witnessName: s.witness_name ?? null,
      signedAt: s.signed_at,
      revokedAt: s.revoked_at,
      revokeReason: s.revoke_reason,
      integrityOk: s.text_hash === repo.documentHash(s.title, s.body) && s.body_hash === s.text_hash,
      isCurrentVersion: latest?.id === s.document_id,
    }));
  }
}

const presentDoc = (d: {
  id: string;
  kind: string;
  version: number;
  title: string;
  body: string;
  body_hash: string;
  created_at: string;
}) => ({
  id: d.id,
  kind: d.kind,
  version: Number(d.version),
  title: d.title,
  body: d.body,
  bodyHash: d.body_hash,
  createdAt: d.created_at,
});
