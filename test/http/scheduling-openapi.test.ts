import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('scheduling contracts in the OpenAPI document', () => {
  it('documents every scheduling route with its request and response schemas', async () => {
    const doc = (await t.anon.get('/api/openapi.json')).json();
    const paths = Object.keys(doc.paths).filter((p) =>
      /scheduling|appointments|schedule|visits|booking|ical/.test(p),
    );
    expect(paths.length).toBeGreaterThanOrEqual(25);
    const book = doc.paths['/api/appointments'].post;
    expect(book.requestBody.content['application/json'].schema.properties.staff).toBeTruthy();
    expect(book.responses['201']).toBeTruthy();
  });
});
