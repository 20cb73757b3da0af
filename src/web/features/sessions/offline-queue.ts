/**
 * The console's write queue (UX.md principle 5: an entry that failed to save says so and retries).
 *
 * Every monitoring entry and administration gets a client-generated idempotency key and the time it was
 * taken, goes into this queue (persisted in localStorage), and is sent from here. A network failure or a
 * 5xx leaves it queued and retried with back-off, on reconnect and on reload, always with the same key, so
 * the server applies it exactly once. A refusal (4xx) stays visible with the reason until someone discards
 * it: nothing the nurse recorded disappears silently. Entries wait for the user who recorded them.
 */
import { useSyncExternalStore } from 'react';
import { ApiError, api, errorMessage } from '../../lib/api';
import { currentMe, queryClient } from '../../lib/session';
import { ledgerKey } from '../ledger/ledger-query';

export interface QueuedWrite {
  key: string;
  userId: string;
  patientId: string;
  sessionId: string;
  path: string;
  body: Record<string, unknown>;
  /** What it is, in words, for the "not saved" list. */
  label: string;
  createdAt: string;
  attempts: number;
  status: 'pending' | 'rejected';
  error?: string;
}

export interface SaveResult {
  item: QueuedWrite;
  response: unknown;
}

const STORAGE_KEY = 'liminal-session-queue';
const MAX_RETRY_MS = 30_000;

function load(): QueuedWrite[] {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as QueuedWrite[]) : [];
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

let items: QueuedWrite[] = load();
let flushing: Promise<void> | null = null;
let timer: number | undefined;
let retryMs = 2000;
const listeners = new Set<() => void>();
const savedListeners = new Set<(r: SaveResult) => void>();

function persist(): void {
  try {
    if (items.length) localStorage.setItem(STORAGE_KEY, JSON.stringify(items));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage full or unavailable: the queue still lives in memory until the page closes.
  }
}
function set(next: QueuedWrite[]): void {
  items = next;
  persist();
  for (const l of listeners) l();
}
const update = (key: string, patch: Partial<QueuedWrite>) =>
  set(items.map((i) => (i.key === key ? { ...i, ...patch } : i)));

/** A fresh idempotency key. */
export const newKey = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;

function retryLater(): void {
  window.clearTimeout(timer);
  timer = window.setTimeout(() => void flushQueue(), retryMs);
  retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
}

const transient = (err: unknown) =>
  !(err instanceof ApiError) ||
  err.status === 0 ||
  err.status === 408 ||
  err.status === 429 ||
  err.status >= 500;

async function run(): Promise<void> {
  const me = currentMe();
  if (!me) return;
  for (const item of items.filter((i) => i.status === 'pending' && i.userId === me.user.id)) {
    try {
      // The key goes in the header too: a retry whose first try was saved is answered from the server's record.
      const response = await api.post(item.path, item.body, { idempotencyKey: item.key });
      set(items.filter((i) => i.key !== item.key));
      retryMs = 2000;
      for (const l of savedListeners) l({ item, response });
      void queryClient.invalidateQueries({
        queryKey: ['patients', item.patientId, 'sessions', item.sessionId],
      });
      // A dose drew from the controlled-substance ledger: its screens (stock, running log) refresh at once.
      if (item.path.endsWith('/administrations')) void queryClient.invalidateQueries({ queryKey: ledgerKey });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return; // signed out: resumes after sign-in
      if (transient(err)) {
        update(item.key, { attempts: item.attempts + 1, error: errorMessage(err) });
        retryLater();
        return; // keep the order: later entries wait for this one
      }
      update(item.key, { attempts: item.attempts + 1, status: 'rejected', error: errorMessage(err) });
    }
  }
}

/** Sends everything pending for the signed-in user, in the order it was recorded. */
export function flushQueue(): Promise<void> {
  if (!flushing) {
    window.clearTimeout(timer);
    flushing = run().finally(() => {
      flushing = null;
    });
  }
  return flushing;
}

export function enqueue(
  write: Omit<QueuedWrite, 'attempts' | 'status' | 'createdAt' | 'userId' | 'key'> & { key: string },
): void {
  const me = currentMe();
  if (!me) return;
  set([
    ...items,
    { ...write, userId: me.user.id, createdAt: new Date().toISOString(), attempts: 0, status: 'pending' },
  ]);
  retryMs = 2000;
  void flushQueue();
}

/** Try a refused entry again (after fixing what the server said), or now instead of after the back-off. */
export function retry(key: string): void {
  update(key, { status: 'pending' });
  retryMs = 2000;
  void flushQueue();
}

export function discard(key: string): void {
  set(items.filter((i) => i.key !== key));
}

export function onSaved(listener: (r: SaveResult) => void): () => void {
  savedListeners.add(listener);
  return () => savedListeners.delete(listener);
}

const subscribe = (cb: () => void) => {
  listeners.add(cb);
  return () => listeners.delete(cb);
};
const snapshot = () => items;

/** The queued writes of one session, re-rendered as they change. */
export function useQueue(sessionId: string): QueuedWrite[] {
  const all = useSyncExternalStore(subscribe, snapshot);
  return all.filter((i) => i.sessionId === sessionId);
}

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    retryMs = 2000;
    void flushQueue();
  });
  // Another tab of the same browser may have queued or sent entries.
  window.addEventListener('storage', (e) => {
    if (e.key === STORAGE_KEY) {
      items = load();
      for (const l of listeners) l();
    }
  });
}
