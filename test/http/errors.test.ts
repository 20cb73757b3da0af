import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, buildTestApp, type TestApp } from '../support/app';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await buildTestApp({ BODY_LIMIT_BYTES: '65536' });
  admin = await t.loginAs('admin');
});
afterAll(async () => {
  await t.close();
});

const isProblem = (r: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
  expect(String(r.headers['content-type'])).toMatch(/application\/problem\+json/);
  const b = JSON.parse(r.body);
  expect(b.status).toBe(r.statusCode);
  expect(typeof b.code).toBe('string');
  expect(r.body).not.toMatch(/at .*\.ts:\d+|SELECT |INSERT |sqlite|postgres|stack/i);
  return b;
};

describe('problem+json errors', () => {
  it('malformed JSON → 400', async () => {
    const r = await admin.inject({
      method: 'POST',
      url: '/api/admin/users/invite',
      payload: '{"email": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.statusCode).toBe(400);
    expect(isProblem(r).code).toBe('bad_request');
  });

  it('a body over the limit → 413', async () => {
    const r = await admin.post('/api/admin/users/invite', {
      email: 'a@b.test',
      name: 'x'.repeat(70_000),
      role: 'nurse',
    });
    expect(r.statusCode).toBe(413);
    expect(isProblem(r).code).toBe('payload_too_large');
  });

  it('unknown route → 404', async () => {
    const r = await admin.get('/api/does-not-exist');
    expect(r.statusCode).toBe(404);
    expect(isProblem(r).code).toBe('not_found');
  });

  it('validation → 422 naming each failing field', async () => {
    const r = await admin.post('/api/admin/users/invite', { email: 'nope', name: '', role: 'wizard' });
    expect(r.statusCode).toBe(422);
    const b = isProblem(r);
    expect(b.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'name', 'role']);
  });

  it('a bad path parameter → 422 naming it', async () => {
    const r = await admin.post('/api/admin/users/not-a-uuid/disable');
    expect(r.statusCode).toBe(422);
    expect(isProblem(r).errors[0].field).toBe('id');
  });

  it('a bad query parameter → 422 naming it', async () => {
    const r = await admin.get('/api/admin/audit?limit=5000&outcome=maybe');
    expect(r.statusCode).toBe(422);
    expect(
      isProblem(r)
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['limit', 'outcome']);
  });
});

describe('schema-driven fuzzing (S13)', () => {
  const nasty = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.constantFrom(
      "' OR 1=1 --",
      '<script>alert(1)</script>',
      '\u0000',
      '𝕃𝕚𝕞𝕚𝕟𝕒𝕝',
      '../../etc/passwd',
      '%00',
      'NaN',
      '1e309',
    ),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 5 }),
    fc.constant('x'.repeat(5000)),
  );
  const bodyArb = fc.oneof(
    fc.dictionary(
      fc.constantFrom(
        'email',
        'password',
        'name',
        'role',
        'code',
        'recoveryCode',
        'token',
        'currentPassword',
        'newPassword',
        '__proto__',
        'constructor',
      ),
      nasty,
    ),
    fc.constant(JSON.parse('{"__proto__": {"admin": true}, "email": "x@y.test"}')),
    fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        nasty,
        fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 3 }),
      ),
    })).node,
    fc.array(nasty, { maxLength: 3 }),
  );

  it('every route answers bad input with a 4xx problem, never a 5xx', async () => {
    const routes = t.routes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    const fiveHundreds: string[] = [];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(bodyArb, nasty, async (body, param) => {
          const url = route.url.replace(
            /:[A-Za-z]+/g,
            encodeURIComponent(String(param)).slice(0, 150) || 'x',
          );
          const r = await admin.inject({
            method: route.method as 'POST',
            url: `${url}${route.method === 'GET' ? `?limit=${encodeURIComponent(String(param)).slice(0, 50)}&before=${encodeURIComponent(JSON.stringify(body)).slice(0, 100)}` : ''}`,
            ...(route.method === 'GET'
              ? {}
              : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
          });
          if (r.statusCode >= 500)
            fiveHundreds.push(`${route.method} ${route.url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
          if (r.statusCode >= 400) isProblem(r);
        }),
        { numRuns: 25, seed: 20261125 },
      );
    }
    expect(fiveHundreds).toEqual([]);
  });

  it('a __proto__ key cannot pollute objects', async () => {
    await t.anon.post(
      '/api/auth/login',
      JSON.parse('{"__proto__": {"polluted": true}, "email": "x@y.test", "password": "p"}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
