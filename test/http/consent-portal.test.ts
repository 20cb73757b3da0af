import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';
import { patientWithPortal } from '../support/portal';

let t: TestApp;
let desk: Agent;
let nurse: Agent;
let admin: Agent;

beforeAll(async () => {
  t = await buildTestApp();
  [desk, nurse, admin] = await Promise.all([t.loginAs('front_desk'), t.loginAs('nurse'), t.loginAs('admin')]);
});
afterAll(async () => {
  await t.close();
});

describe('consent', () => {
  it('a patient signs the current version in the portal; the chart shows it as current', async () => {
    const { id, agent } = await patientWithPortal(t, desk);
    const view = (await agent.get('/api/portal/consent')).json();
    expect(view.document.version).toBe(1);
    expect(view.status.isCurrent).toBe(false);
    const noAgree = await agent.post('/api/portal/consent/sign', {
      documentId: view.document.id,
      signedName: 'Portal User',
      agree: false,
    });
    expect(noAgree.statusCode).toBe(422);
    expect(noAgree.json().errors[0].field).toBe('agree');
    expect(
      (
        await agent.post('/api/portal/consent/sign', {
          documentId: view.document.id,
          signedName: 'Portal User',
          agree: true,
        })
      ).statusCode,
    ).toBe(201);
    const chart = (await nurse.get(`/api/patients/${id}`)).json();
    expect(chart.consent).toMatchObject({ documentVersion: 1, isCurrent: true, method: 'portal' });
    const sigs = (await nurse.get(`/api/patients/${id}/consents`)).json().signatures;
    expect(sigs[0]).toMatchObject({ signedName: 'Portal User', integrityOk: true, isCurrentVersion: true });
  });

  it('publishing a new version never changes a signed one; the old signature is no longer current', async () => {
    const { id, agent } = await patientWithPortal(t, desk);
    const v1 = (await agent.get('/api/portal/consent')).json().document;
    await agent.post('/api/portal/consent/sign', {
      documentId: v1.id,
      signedName: 'Portal User',
      agree: true,
    });
    const v2 = await admin.post('/api/admin/consent/documents', {
      title: 'Informed consent v2',
      body: `${'Updated wording for the clinic. '.repeat(5)}`,
    });
    expect(v2.json().version).toBeGreaterThan(v1.version);
    const chart = (await nurse.get(`/api/patients/${id}`)).json();
    expect(chart.consent.isCurrent).toBe(false);
    const old = await t.ctx.db
      .selectFrom('consent_documents')
      .selectAll()
      .where('id', '=', v1.id)
      .executeTakeFirstOrThrow();
    expect(old.body).toBe(v1.body);
    // Signing an outdated version is refused.
    expect(
      (
        await agent.post('/api/portal/consent/sign', {
          documentId: v1.id,
          signedName: 'Portal User',
          agree: true,
        })
      ).statusCode,
    ).toBe(409);
    const docs = (await nurse.get('/api/consent/documents')).json().documents;
    expect(docs.length).toBeGreaterThanOrEqual(2);
    expect((await agent.get('/api/consent/documents')).json().documents).toHaveLength(1);
  });

  it('detects a signature whose document text was altered after signing', async () => {
    const { id, agent } = await patientWithPortal(t, desk);
    const doc = (await agent.get('/api/portal/consent')).json().document;
    await agent.post('/api/portal/consent/sign', {
      documentId: doc.id,
      signedName: 'Portal User',
      agree: true,
    });
    await t.ctx.db
      .updateTable('consent_documents')
      .set({ body: `${doc.body} (quietly changed)` })
      .where('id', '=', doc.id)
      .execute();
    const sigs = (await nurse.get(`/api/patients/${id}/consents`)).json().signatures;
    expect(sigs[0].integrityOk).toBe(false);
    expect((await nurse.get(`/api/patients/${id}`)).json().consent.isCurrent).toBe(false);
    await t.ctx.db
      .updateTable('consent_documents')
      .set({ body: doc.body })
      .where('id', '=', doc.id)
      .execute();
  });

  it('staff record an in-clinic signature with a witness; a patient can revoke', async () => {
    const { id, agent } = await patientWithPortal(t, desk);
    const doc = (await nurse.get('/api/consent/documents')).json().documents[0];
    const noWitness = await nurse.post(`/api/patients/${id}/consents`, {
      documentId: doc.id,
      signedName: 'Portal User',
      witnessUserId: randomUUID(),
    });
    expect(noWitness.json().errors[0].field).toBe('witnessUserId');
    const ok = await nurse.post(`/api/patients/${id}/consents`, {
      documentId: doc.id,
      signedName: 'Portal User',
      witnessUserId: desk.userId,
    });
    expect(ok.statusCode).toBe(201);
    const sig = ok.json().id;
    expect(
      (await agent.post(`/api/portal/consent/${sig}/revoke`, { reason: 'I want to think about it more' }))
        .statusCode,
    ).toBe(200);
    expect((await nurse.get(`/api/patients/${id}`)).json().consent.signatureId).toBeNull();
  });
});

describe('portal isolation', () => {
  it('a patient can never reach another patient: every portal route and every patient route', async () => {
    const a = await patientWithPortal(t, desk);
    const b = await patientWithPortal(t, desk);
    const docB = (await b.agent.get('/api/portal/consent')).json().document;
    const sigB = (
      await b.agent.post('/api/portal/consent/sign', {
        documentId: docB.id,
        signedName: 'Portal User',
        agree: true,
      })
    ).json().id;
    // Portal routes always answer for the signed-in patient only.
    expect((await a.agent.get('/api/portal/profile')).json().chartNumber).not.toBe(
      (await b.agent.get('/api/portal/profile')).json().chartNumber,
    );
    expect((await a.agent.get('/api/portal/consent')).json().signatures).toHaveLength(0);
    const revoke = await a.agent.post(`/api/portal/consent/${sigB}/revoke`, { reason: 'not mine' });
    expect(revoke.statusCode).toBe(404);
    const sigRow = await t.ctx.db
      .selectFrom('consent_signatures')
      .select('revoked_at')
      .where('id', '=', sigB)
      .executeTakeFirstOrThrow();
    expect(sigRow.revoked_at).toBeNull();
    // Every staff route with a patient id refuses a patient, for another patient and for themselves alike.
    const patientRoutes = t.routes.filter((r) => r.url.includes(':patientId'));
    expect(patientRoutes.length).toBeGreaterThan(5);
    for (const r of patientRoutes) {
      for (const target of [b.id, a.id]) {
        const url = r.url.replace(':patientId', target).replace(/:[A-Za-z]+/g, randomUUID());
        const res = await a.agent.inject({
          method: r.method as 'GET',
          url,
          payload: r.method === 'GET' ? undefined : {},
        });
        expect([403, 404]).toContain(res.statusCode);
      }
    }
  });
});
