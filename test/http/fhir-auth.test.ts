import { randomUUID } from 'node:crypto';
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/server/platform/crypto';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { registerSecret } from '../support/secrets';
import { bearerGet, buildWorld, createClient, type World } from './fhir-fixtures';

/** API clients, bearer tokens, SMART scopes, revocation and patient-token isolation. */
let w: World;
beforeAll(async () => {
  w = await buildWorld();
}, 120_000);
afterAll(async () => {
  await w.t.close();
});

const tokenRequest = (payload: Record<string, string>, headers: Record<string, string> = {}) =>
  w.t.app.inject({
    method: 'POST',
    url: '/fhir/R4/auth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(payload).toString(),
  });
const total = async (token: string, url: string) => {
  const res = await bearerGet(w.t, token, url);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as Bundle).total;
};
const [robin, sam] = DEMO_PATIENT_IDS as [string, string];

describe('API clients and the token endpoint', () => {
  it('issues a client whose secret is shown once and kept only as a hash; tokens are hashed too', async () => {
    const c = await createClient(w, { name: 'Registry feed', scopes: ['system/*.read'] });
    const row = await w.t.ctx.db
      .selectFrom('fhir_api_clients')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(sha256(c.secret));
    expect(JSON.stringify(row)).not.toContain(c.secret);
    const tokens = await w.t.ctx.db
      .selectFrom('fhir_access_tokens')
      .selectAll()
      .where('client_id', '=', c.id)
      .execute();
    expect(tokens.map((t) => t.token_hash)).toEqual([sha256(c.token)]);
    expect(JSON.stringify(tokens)).not.toContain(c.token);
    const list = (await w.admin.get('/api/admin/api-clients')).json().clients;
    expect(JSON.stringify(list)).not.toContain(c.secret);
    expect(list.find((x: { id: string }) => x.id === c.id)).toMatchObject({
      scopes: ['system/*.read'],
      revokedAt: null,
    });
    // The admin action is audited as a privilege change.
    const audit = await w.t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('object_id', '=', c.id)
      .where('action', '=', 'api_client.create')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('accepts HTTP Basic client authentication and narrows scopes on request', async () => {
    const c = await createClient(w, { name: 'Basic', scopes: ['system/*.read'] });
    const basic = Buffer.from(`${c.id}:${c.secret}`).toString('base64');
    const res = await tokenRequest(
      { grant_type: 'client_credentials', scope: 'system/Observation.read' },
      { authorization: `Basic ${basic}` },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      scope: 'system/Observation.read',
    });
    registerSecret(res.json().access_token);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers OAuth errors: bad secret, unknown client, wrong grant, scope not granted', async () => {
    const c = await createClient(w, { name: 'Errors', scopes: ['system/Patient.read'] });
    const wrong = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: c.id,
      client_secret: 'lmsec_wrong',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'invalid_client' });
    const unknown = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: randomUUID(),
      client_secret: 'x',
    });
    expect(unknown.json()).toEqual(wrong.json());
    expect(
      (await tokenRequest({ grant_type: 'password', client_id: c.id, client_secret: c.secret })).json().error,
    ).toBe('unsupported_grant_type');
    const wider = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: c.id,
      client_secret: c.secret,
      scope: 'system/*.read',
    });
    expect(wider.statusCode).toBe(400);
    expect(wider.json().error).toBe('invalid_scope');
  });

  it('refuses scopes that do not fit the client, and write scopes', async () => {
    expect(
      (await w.admin.post('/api/admin/api-clients', { name: 'x', scopes: ['patient/*.read'] })).statusCode,
    ).toBe(422);
    expect(
      (await w.admin.post('/api/admin/api-clients', { name: 'x', scopes: ['system/*.write'] })).statusCode,
    ).toBe(422);
    expect(
      (await w.admin.post('/api/admin/api-clients', { name: 'x', scopes: ['system/Immunization.read'] }))
        .statusCode,
    ).toBe(422);
    expect(
      (
        await w.admin.post('/api/admin/api-clients', {
          name: 'x',
          scopes: ['user/*.read'],
          userId: randomUUID(),
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (await w.nurse.post('/api/admin/api-clients', { name: 'x', scopes: ['system/*.read'] })).statusCode,
    ).toBe(403);
  });
});

describe('bearer tokens', () => {
  it('read the FHIR API only, are audited as the client, and need no anti-forgery token', async () => {
    const c = await createClient(w, { name: 'Reader', scopes: ['system/*.read'] });
    expect(await total(c.token, '/fhir/R4/Patient')).toBeGreaterThan(10);
    const api = await w.t.app.inject({
      method: 'GET',
      url: '/api/patients',
      headers: { authorization: `Bearer ${c.token}` },
    });
    expect(api.statusCode).toBe(401);
    await bearerGet(w.t, c.token, `/fhir/R4/Patient/${robin}`);
    const [entry] = await w.t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .execute();
    expect(entry).toMatchObject({
      action: 'fhir.read',
      actor_id: c.id,
      actor_role: 'api_client',
      patient_id: robin,
    });
    const kick = await w.t.app.inject({
      method: 'POST',
      url: '/fhir/R4/Patient/$export',
      headers: { authorization: `Bearer ${c.token}`, prefer: 'respond-async' },
    });
    expect(kick.statusCode, kick.body).toBe(202);
    expect((await bearerGet(w.t, 'lmat_not-a-real-token-000000', '/fhir/R4/Patient')).statusCode).toBe(401);
  });

  it('scopes limit resource types: system/Observation.read reads Observations only', async () => {
    const c = await createClient(w, { name: 'Obs only', scopes: ['system/Observation.read'] });
    expect(await total(c.token, `/fhir/R4/Observation?patient=${robin}`)).toBeGreaterThan(0);
    expect((await bearerGet(w.t, c.token, '/fhir/R4/Condition')).statusCode).toBe(403);
    expect((await bearerGet(w.t, c.token, '/fhir/R4/Patient')).statusCode).toBe(403);
    expect((await bearerGet(w.t, c.token, '/fhir/R4/Questionnaire')).statusCode).toBe(403);
    // _include leaves out what the token may not read.
    const b = (
      await bearerGet(w.t, c.token, `/fhir/R4/Observation?patient=${robin}&_include=Observation:patient`)
    ).json() as Bundle;
    expect(b.entry?.some((e) => e.resource?.resourceType === 'Patient')).toBe(false);
    const everything = await bearerGet(w.t, c.token, `/fhir/R4/Patient/${robin}/$everything`);
    expect(everything.statusCode).toBe(403);
  });

  it('user/ scopes never exceed the bound account: front desk reads demographics, not clinical data', async () => {
    const c = await createClient(w, { name: 'Desk app', scopes: ['user/*.read'], userId: w.desk.userId });
    expect(await total(c.token, '/fhir/R4/Patient')).toBeGreaterThan(10);
    expect((await bearerGet(w.t, c.token, '/fhir/R4/Observation')).statusCode).toBe(403);
    await bearerGet(w.t, c.token, `/fhir/R4/Patient/${robin}`);
    const [entry] = await w.t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .execute();
    expect(entry).toMatchObject({ actor_id: w.desk.userId, actor_role: 'front_desk' });
  });

  it('revoking a client ends its tokens at once; tokens expire after an hour', async () => {
    const c = await createClient(w, { name: 'Short-lived', scopes: ['system/Patient.read'] });
    expect((await bearerGet(w.t, c.token, '/fhir/R4/Patient')).statusCode).toBe(200);
    const revoke = await w.admin.post(`/api/admin/api-clients/${c.id}/revoke`);
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).toBeTruthy();
    expect((await bearerGet(w.t, c.token, '/fhir/R4/Patient')).statusCode).toBe(401);
    expect(
      (await tokenRequest({ grant_type: 'client_credentials', client_id: c.id, client_secret: c.secret }))
        .statusCode,
    ).toBe(401);
    expect((await w.admin.post(`/api/admin/api-clients/${randomUUID()}/revoke`)).statusCode).toBe(404);

    const d = await createClient(w, { name: 'Expiring', scopes: ['system/Patient.read'] });
    w.t.clock.advanceMinutes(61);
    expect((await bearerGet(w.t, d.token, '/fhir/R4/Patient')).statusCode).toBe(401);
  });
});

describe("a patient's token sees only that patient", () => {
  it('patient-bound client: own record only, other patients look absent', async () => {
    const c = await createClient(w, { name: "Robin's app", scopes: ['patient/*.read'], patientId: robin });
    const patients = (await bearerGet(w.t, c.token, '/fhir/R4/Patient')).json() as Bundle;
    expect(patients.total).toBe(1);
    expect(patients.entry?.[0]?.resource?.id).toBe(robin);
    expect((await bearerGet(w.t, c.token, `/fhir/R4/Patient/${robin}`)).statusCode).toBe(200);
    const other = await bearerGet(w.t, c.token, `/fhir/R4/Patient/${sam}`);
    const missing = await bearerGet(w.t, c.token, `/fhir/R4/Patient/${randomUUID()}`);
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual(missing.json());
    expect(await total(c.token, `/fhir/R4/Observation?patient=${sam}`)).toBe(0);
    const mine = (await bearerGet(w.t, c.token, '/fhir/R4/Observation?_count=500')).json() as Bundle;
    expect(mine.total).toBeGreaterThan(0);
    expect(
      mine.entry?.every(
        (e) => (e.resource as { subject?: { reference?: string } }).subject?.reference === `Patient/${robin}`,
      ),
    ).toBe(true);
    for (const type of [
      'Encounter',
      'MedicationAdministration',
      'Medication',
      'Provenance',
      'Consent',
      'QuestionnaireResponse',
      'CarePlan',
      'Condition',
    ]) {
      const b = (await bearerGet(w.t, c.token, `/fhir/R4/${type}?_count=500`)).json() as Bundle;
      const all = (await w.prescriber.get(`/fhir/R4/${type}?patient=${robin}&_count=500`)).json() as Bundle;
      expect(b.total, type).toBe(all.total);
    }
    expect((await bearerGet(w.t, c.token, `/fhir/R4/Patient/${sam}/$everything`)).statusCode).toBe(404);
    expect((await bearerGet(w.t, c.token, `/fhir/R4/Patient/${robin}/$everything`)).statusCode).toBe(200);
    const system = await w.t.app.inject({
      method: 'GET',
      url: '/fhir/R4/$export',
      headers: { authorization: `Bearer ${c.token}`, prefer: 'respond-async' },
    });
    expect(system.statusCode).toBe(403);
    const [entry] = await w.t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('actor_id', '=', c.id)
      .orderBy('seq', 'desc')
      .limit(1)
      .execute();
    expect(entry?.actor_role).toBe('patient');
  });

  it('a portal patient can issue a token for their own record and revoke it', async () => {
    const portal = await w.t.loginAs('patient', { patientId: sam });
    const res = await portal.post('/api/portal/fhir-token');
    expect(res.statusCode, res.body).toBe(201);
    const { access_token: token, scope, patient, fhirBaseUrl } = res.json();
    registerSecret(token);
    expect({ scope, patient }).toEqual({ scope: 'patient/*.read', patient: sam });
    expect(fhirBaseUrl).toMatch(/\/fhir\/R4$/);
    expect((await bearerGet(w.t, token, '/fhir/R4/Patient')).json().entry[0].resource.id).toBe(sam);
    expect((await bearerGet(w.t, token, `/fhir/R4/Patient/${robin}`)).statusCode).toBe(404);
    expect((await portal.post('/api/portal/fhir-token/revoke')).json()).toEqual({ revoked: 1 });
    expect((await bearerGet(w.t, token, '/fhir/R4/Patient')).statusCode).toBe(401);
  });
});
