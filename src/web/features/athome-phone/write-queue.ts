/**
 * The at-home write queue, on the session console's pattern (sessions/offline-queue.ts): what the patient or
 * the sitter enters while the phone has no connection is kept on the phone (in storage, so a reload keeps it),
 * shown as "not sent yet", and sent in the order it was entered when the connection is back, each with its own
 * Idempotency-Key so a retry lands exactly once. A refusal stays visible with the server's reason until it is
 * dismissed: nothing entered disappears silently.
 *
 * Unlike the console's queue, an entry is sent at once when nothing waits ahead of it, so a form still hears
 * a refusal (a field error) directly; only an entry that cannot reach the server is queued.
 */
import { useSyncExternalStore } from 'react';
import { ApiError, errorMessage } from '../../lib/api';
import { isTransient, sendJson } from './transport';

export interface QueuedWrite {
  key: string;
  /** Whose entry it is (the signed-in patient, or the sitter's session): entries wait for their owner. */
  owner: string;
  sessionId: string;
  method: 'POST' | 'PUT';
  path: string;
  body: unknown;
  /** What it is, in words, for the "not sent yet" list. */
  label: string;
  /** What it answers (a check-in step, an item key such as timed_check_in:30, help, dose, check_out). */
  answers: string;
  createdAt: string;
  attempts: number;
  status: 'pending' | 'rejected';
  error?: string;
}

export type NewWrite = Pick<QueuedWrite, 'sessionId' | 'method' | 'path' | 'body' | 'label' | 'answers'>;
export type SendResult = { queued: false; response: unknown } | { queued: true };

interface Options {
  storageKey: string;
  storage: () => Storage | null;
  /** Null while nobody can send (signed out, no sitter token): entries wait. */
  owner: () => string | null;
  headers: () => Record<string, string>;
  onSent: (write: QueuedWrite, response: unknown) => void;
  /** A refusal that ends the owner's access (signed out, link ended): stop and keep the entries. */
  stops?: (err: ApiError) => boolean;
}

const MAX_RETRY_MS = 30_000;

const newKey = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;

export interface WriteQueue {
  send(write: NewWrite): Promise<SendResult>;
  flush(): Promise<void>;
  retry(key: string): void;
  discard(key: string): void;
  subscribe(cb: () => void): () => void;
  snapshot(): QueuedWrite[];
}

export function createWriteQueue(o: Options): WriteQueue {
  const load = (): QueuedWrite[] => {
    try {
      const raw = o.storage()?.getItem(o.storageKey);
      const parsed = raw ? (JSON.parse(raw) as QueuedWrite[]) : [];
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  };
  let items = load();
  let flushing: Promise<void> | null = null;
  let timer: number | undefined;
  let retryMs = 2000;
  const listeners = new Set<() => void>();

  const set = (next: QueuedWrite[]) => {
    items = next;
    try {
      if (items.length) o.storage()?.setItem(o.storageKey, JSON.stringify(items));
      else o.storage()?.removeItem(o.storageKey);
    } catch {
      // Storage full or unavailable: the queue still lives in memory until the page closes.
    }
    for (const l of listeners) l();
  };
  const update = (key: string, patch: Partial<QueuedWrite>) =>
    set(items.map((i) => (i.key === key ? { ...i, ...patch } : i)));

  const transmit = async (w: QueuedWrite) => {
    try {
      return await sendJson(w.method, w.path, {
        body: w.body,
        headers: { ...o.headers(), 'idempotency-key': w.key },
      });
    } catch (err) {
      // Sent before, its answer lost on the way back: it is applied, and that is all that matters here.
      if (err instanceof ApiError && err.code === 'already_applied') return null;
      throw err;
    }
  };

  const retryLater = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void flush(), retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };

  async function run(): Promise<void> {
    const owner = o.owner();
    if (!owner) return;
    for (const item of items.filter((i) => i.status === 'pending' && i.owner === owner)) {
      try {
        const response = await transmit(item);
        set(items.filter((i) => i.key !== item.key));
        retryMs = 2000;
        o.onSent(item, response);
      } catch (err) {
        if (err instanceof ApiError && o.stops?.(err)) return;
        if (isTransient(err)) {
          update(item.key, { attempts: item.attempts + 1, error: errorMessage(err) });
          retryLater();
          return; // keep the order: later entries wait for this one
        }
        update(item.key, { attempts: item.attempts + 1, status: 'rejected', error: errorMessage(err) });
      }
    }
  }

  function flush(): Promise<void> {
    if (!flushing) {
      window.clearTimeout(timer);
      flushing = run().finally(() => {
        flushing = null;
      });
    }
    return flushing;
  }

  async function send(write: NewWrite): Promise<SendResult> {
    const owner = o.owner();
    if (!owner) throw new ApiError({ status: 401, code: 'unauthenticated', title: 'Sign in to continue.' });
    const item: QueuedWrite = {
      ...write,
      key: newKey(),
      owner,
      createdAt: new Date().toISOString(),
      attempts: 0,
      status: 'pending',
    };
    // Something already waits: this one goes behind it, so entries reach the server in the order made.
    if (items.some((i) => i.owner === owner && i.status === 'pending')) {
      set([...items, item]);
      void flush();
      return { queued: true };
    }
    try {
      const response = await transmit(item);
      o.onSent(item, response);
      return { queued: false, response };
    } catch (err) {
      if (!isTransient(err)) throw err;
      set([...items, { ...item, attempts: 1, error: errorMessage(err) }]);
      retryMs = 2000;
      retryLater();
      return { queued: true };
    }
  }

  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => {
      retryMs = 2000;
      void flush();
    });
    window.addEventListener('storage', (e) => {
      if (e.key === o.storageKey) {
        items = load();
        for (const l of listeners) l();
      }
    });
  }

  return {
    send,
    flush,
    retry(key) {
      update(key, { status: 'pending' });
      retryMs = 2000;
      void flush();
    },
    discard(key) {
      set(items.filter((i) => i.key !== key));
    },
    subscribe(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    snapshot: () => items,
  };
}

/** One session's queued entries, re-rendered as they change. */
export function useWrites(queue: WriteQueue, sessionId: string | null): QueuedWrite[] {
  const all = useSyncExternalStore(queue.subscribe, queue.snapshot);
  return sessionId ? all.filter((i) => i.sessionId === sessionId) : [];
}
