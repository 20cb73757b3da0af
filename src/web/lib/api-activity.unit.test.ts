import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKGROUND_HEADER } from '../../contracts/auth';
import { api, configureApi } from './api';

/** What the client sent, and whether it reported the answer as the person's activity. */
function harness(userActive: boolean) {
  const sent: { method: string; headers: Record<string, string> }[] = [];
  const activity: number[] = [];
  configureApi({
    userActive: () => userActive,
    onActivity: (at) => activity.push(at),
    getCsrfToken: () => 'csrf',
    fetch: async (_input, init) => {
      sent.push({ method: String(init.method), headers: init.headers as Record<string, string> });
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
  return { sent, activity };
}

afterEach(() => configureApi({ userActive: () => true }));

describe('reads a screen sends by itself (SECURITY.md S9)', () => {
  it('marks a read sent while nobody is using the page as background, and does not count it', async () => {
    const h = harness(false);
    await api.get('/api/worklist');
    expect(h.sent[0]?.headers[BACKGROUND_HEADER]).toBe('1');
    expect(h.activity).toEqual([]);
  });

  it('counts a read sent just after the person did something', async () => {
    const h = harness(true);
    await api.get('/api/worklist');
    expect(h.sent[0]?.headers[BACKGROUND_HEADER]).toBeUndefined();
    expect(h.activity).toHaveLength(1);
  });

  it('counts a keep-alive read (a watched board) even with nobody at the page', async () => {
    const h = harness(false);
    await api.get('/api/sessions/active', { keepAlive: true });
    expect(h.sent[0]?.headers[BACKGROUND_HEADER]).toBeUndefined();
    expect(h.activity).toHaveLength(1);
  });

  it('never marks a state-changing call: it is always someone’s act', async () => {
    const h = harness(false);
    await api.post('/api/auth/refresh', {});
    expect(h.sent[0]?.headers[BACKGROUND_HEADER]).toBeUndefined();
    expect(h.activity).toHaveLength(1);
  });

  it('does not count a public read either way', async () => {
    const h = harness(true);
    await api.get('/api/public/info');
    expect(h.activity).toEqual([]);
  });
});

describe('the idle countdown follows the server (SECURITY.md S9)', () => {
  it('counts a call as activity when it was sent, not when its late answer came back', async () => {
    const activity: number[] = [];
    const sentAt = Date.now();
    vi.useFakeTimers({ now: sentAt, toFake: ['Date'] });
    try {
      configureApi({
        userActive: () => true,
        onActivity: (at) => activity.push(at),
        getCsrfToken: () => 'csrf',
        fetch: async () => {
          vi.setSystemTime(sentAt + 5 * 60_000); // the answer comes back five minutes later
          return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
        },
      });
      await api.get('/api/worklist');
    } finally {
      vi.useRealTimers();
    }
    expect(activity).toEqual([sentAt]);
  });
});
