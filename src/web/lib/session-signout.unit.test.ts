import { describe, expect, it } from 'vitest';
import type { Me } from '../../contracts/auth';
import { api, configureApi } from './api';
import { currentMe, setMe } from './session';

const meWith = (csrfToken: string): Me => ({
  user: {
    id: 'u1',
    email: 'patient1@demo.liminal.test',
    name: 'Robin Example',
    role: 'patient',
    mfaEnabled: false,
    patientId: 'p1',
    canBreakGlass: false,
  },
  permissions: [],
  session: {
    csrfToken,
    mfaVerified: false,
    idleExpiresAt: '2026-03-03T18:00:00.000Z',
    absoluteExpiresAt: '2026-03-04T05:00:00.000Z',
    idleTimeoutMinutes: 15,
  },
  nextStep: null,
  demoMode: true,
});

const unauthenticated = () =>
  new Response(
    JSON.stringify({ type: 'about:blank', title: 'Sign in', status: 401, code: 'unauthenticated' }),
    { status: 401, headers: { 'content-type': 'application/problem+json' } },
  );

describe('a 401 ends the session the call was sent under, and no other', () => {
  it('a late answer to a call from before signing in again leaves the new session signed in', async () => {
    setMe(meWith('old-session'));
    let answer: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      answer = resolve;
    });
    configureApi({
      fetch: async () => {
        await held;
        return unauthenticated();
      },
    });
    // A screen's refresh leaves under the old session; the person signs in again before its answer comes.
    const late = api.get('/api/portal/home').catch((err: unknown) => err);
    setMe(meWith('new-session'));
    answer();
    await late;
    expect(currentMe()?.session.csrfToken).toBe('new-session');

    // A 401 to a call sent under the current session does end it.
    configureApi({ fetch: async () => unauthenticated() });
    await api.get('/api/portal/home').catch(() => {});
    expect(currentMe()).toBeNull();
  });
});
