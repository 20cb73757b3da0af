import type { AddressInfo } from 'node:net';
import type { Bundle, CapabilityStatement, Observation, Patient } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PATIENT_IDS } from '../../src/server/seed/demo';
import { buildWorld, createClient, type World } from './fhir-fixtures';

/** A real FHIR client library (fhir-kit-client) talks to the running server over HTTP. */
let w: World;
let baseUrl: string;
beforeAll(async () => {
  w = await buildWorld();
  await w.t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(w.t.app.server.address() as AddressInfo).port}/fhir/R4`;
}, 120_000);
afterAll(async () => {
  await w.t.close();
});

const robin = DEMO_PATIENT_IDS[0] as string;

describe('fhir-kit-client against the running server', () => {
  it('reads the CapabilityStatement and the SMART token endpoint', async () => {
    const anonymous = new Client({ baseUrl });
    const cs = (await anonymous.capabilityStatement()) as unknown as CapabilityStatement;
    expect(cs.fhirVersion).toBe('4.0.1');
    const smart = await anonymous.smartAuthMetadata();
    expect(String(smart.tokenUrl)).toBe(`${baseUrl}/auth/token`);
  });

  it('searches Patients and Observations, pages through results and reads by id', async () => {
    const { token } = await createClient(w, { name: 'fhir-kit', scopes: ['system/*.read'] });
    const client = new Client({ baseUrl, bearerToken: token });
    const patients = (await client.search({
      resourceType: 'Patient',
      searchParams: { name: 'robin' },
    })) as unknown as Bundle<Patient>;
    expect(patients.entry?.map((e) => e.resource?.id)).toContain(robin);

    let page = (await client.search({
      resourceType: 'Observation',
      searchParams: { patient: robin, category: 'vital-signs', _count: 10, _sort: 'date' },
    })) as unknown as Bundle<Observation>;
    const total = page.total as number;
    expect(total).toBeGreaterThan(10);
    const seen: Observation[] = [...(page.entry ?? []).map((e) => e.resource as Observation)];
    for (
      let next = client.nextPage({ bundle: page as never });
      next;
      next = client.nextPage({ bundle: page as never })
    ) {
      page = (await next) as unknown as Bundle<Observation>;
      seen.push(...(page.entry ?? []).map((e) => e.resource as Observation));
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((o) => o.id)).size).toBe(total);
    expect(
      seen.every(
        (o) =>
          o.subject?.reference === `Patient/${robin}` && o.category?.[0]?.coding?.[0]?.code === 'vital-signs',
      ),
    ).toBe(true);

    const one = (await client.read({
      resourceType: 'Observation',
      id: seen[0]?.id as string,
    })) as unknown as Observation;
    expect(one).toEqual(seen[0]);
    const scores = (await client.search({
      resourceType: 'Observation',
      searchParams: { patient: robin, code: 'http://loinc.org|44261-6' },
    })) as unknown as Bundle<Observation>;
    expect(scores.total).toBeGreaterThan(0);
    expect(scores.entry?.every((e) => typeof e.resource?.valueInteger === 'number')).toBe(true);
  });

  it("a patient's token, through the same library, sees that patient only", async () => {
    const { token } = await createClient(w, {
      name: 'Patient app',
      scopes: ['patient/*.read'],
      patientId: robin,
    });
    const client = new Client({ baseUrl, bearerToken: token });
    const patients = (await client.search({
      resourceType: 'Patient',
      searchParams: {},
    })) as unknown as Bundle<Patient>;
    expect(patients.entry?.map((e) => e.resource?.id)).toEqual([robin]);
    await expect(
      client.read({ resourceType: 'Patient', id: DEMO_PATIENT_IDS[1] as string }),
    ).rejects.toMatchObject({ response: { status: 404 } });
  });
});
