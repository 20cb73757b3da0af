import { randomUUID } from 'node:crypto';
import { compiledOnce } from '../../db/compiled-once';
import type { Executor } from '../../db/dialect';
import type { ConsentSignaturesTable } from '../../db/schema';
import { sha256 } from '../../platform/crypto';
import { KAP_CONSENT_BODY, KAP_CONSENT_TITLE } from './template';

/** All SQL about consent documents and signatures. */
export const KAP_CONSENT_KIND = 'kap_informed_consent';
export type ConsentSignatureRow = ConsentSignaturesTable;

/** The hash covers exactly the text a person reads: title and body. */
export const documentHash = (title: string, body: string) => sha256(`${title}\n\n${body}`);

const latestOfKind = compiledOnce((db: Executor, kind: string) =>
  db.selectFrom('consent_documents').selectAll().where('kind', '=', kind).orderBy('version', 'desc').limit(1),
);
export const latestDocument = async (db: Executor, kind = KAP_CONSENT_KIND) =>
  (await latestOfKind(db, kind))[0];

export const getDocument = (db: Executor, id: string) =>
  db.selectFrom('consent_documents').selectAll().where('id', '=', id).executeTakeFirst();

export const listDocuments = (db: Executor) =>
  db.selectFrom('consent_documents').selectAll().orderBy('kind').orderBy('version', 'desc').execute();

export async function insertDocument(
  db: Executor,
  title: string,
  body: string,
  by: string | null,
  now: string,
  kind = KAP_CONSENT_KIND,
) {
  const latest = await latestDocument(db, kind);
  const row = {
    id: randomUUID(),
    kind,
    version: (latest?.version ?? 0) + 1,
    title,
    body,
    body_hash: documentHash(title, body),
    created_by: by,
    created_at: now,
  };
  await db.insertInto('consent_documents').values(row).execute();
  return row;
}

/** Makes sure the shipped template exists (version 1) so a new clinic can collect consent on day one. */
export async function ensureConsentTemplate(db: Executor, now: string): Promise<void> {
  if (!(await latestDocument(db))) await insertDocument(db, KAP_CONSENT_TITLE, KAP_CONSENT_BODY, null, now);
}

export async function insertSignature(db: Executor, row: ConsentSignatureRow): Promise<void> {
  await db.insertInto('consent_signatures').values(row).execute();
}

/** Revokes the patient's signature; false when there is no such signature still in force. */
export async function revokeSignature(
  db: Executor,
  patientId: string,
  signatureId: string,
  revocation: { revoked_at: string; revoked_by: string; revoke_reason: string },
): Promise<boolean> {
  const res = await db
    .updateTable('consent_signatures')
    .set(revocation)
    .where('id', '=', signatureId)
    .where('patient_id', '=', patientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

// Read by every chart (consentStatusOf): compiled once (db/compiled-once.ts).
export const signaturesOf = compiledOnce((db: Executor, patientId: string) =>
  db
    .selectFrom('consent_signatures as s')
    .innerJoin('consent_documents as d', 'd.id', 's.document_id')
    .leftJoin('users as w', 'w.id', 's.witness_id')
    .selectAll('s')
    .select([
      'd.version as document_version',
      'd.kind',
      'd.title',
      'd.body',
      'd.body_hash',
      'w.name as witness_name',
    ])
    .where('s.patient_id', '=', patientId)
    .orderBy('s.signed_at', 'desc'),
);

/** Which version the patient has signed (latest unrevoked signature) and whether it is the current one. */
export async function consentStatusOf(db: Executor, patientId: string) {
  const latest = await latestDocument(db);
  const s = (await signaturesOf(db, patientId)).find((x) => x.kind === KAP_CONSENT_KIND && !x.revoked_at);
  return consentStatusFrom(latest ?? null, s ?? null);
}

/**
 * The consent status from the latest document of the kind and the patient's latest unrevoked signature of it
 * (however they were read: the chart reads both in its one statement). Current means the signature is of the
 * latest version and its hash matches that document's text as stored now, so an edited document shows.
 */
export function consentStatusFrom(
  latest: { id: string; version: number | string; title: string; body: string } | null,
  s: {
    id: string;
    document_id: string;
    document_version: number | string;
    text_hash: string;
    signed_at: string;
    method: string;
  } | null,
) {
  return {
    documentId: s?.document_id ?? null,
    documentVersion: s ? Number(s.document_version) : null,
    currentVersion: latest ? Number(latest.version) : null,
    signedAt: s?.signed_at ?? null,
    method: s?.method ?? null,
    isCurrent: Boolean(
      s && latest && s.document_id === latest.id && s.text_hash === documentHash(latest.title, latest.body),
    ),
    signatureId: s?.id ?? null,
  };
}

/** Signatures with their document's title and version, by patient and id (null: any), in id order. */
export const signaturesWhere = (
  db: Executor,
  patientIds: readonly string[] | null,
  ids: readonly string[] | null,
) =>
  db
    .selectFrom('consent_signatures as s')
    .innerJoin('consent_documents as d', 'd.id', 's.document_id')
    .selectAll('s')
    .select(['d.title', 'd.version as document_version'])
    .$if(patientIds !== null, (q) => q.where('s.patient_id', 'in', patientIds as string[]))
    .$if(ids !== null, (q) => q.where('s.id', 'in', ids as string[]))
    .orderBy('s.id')
    .execute();
