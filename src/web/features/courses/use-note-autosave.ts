/**
 * Autosave for a draft therapy note (UX.md "the therapist"; ARCHITECTURE rule 7: nothing a clinician types
 * is lost). Every keystroke is kept in localStorage under the note's id until the server confirms it, saves
 * are debounced, a failed save retries with back-off (and at once when the browser comes back online), and a
 * 409 (saved from another window) keeps the user's text and says so.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { therapyNote } from '../../../contracts/courses';
import { api, isApiError } from '../../lib/api';
import { type Note, type NoteContent, noteKey, notePath } from './course-query';

export type SaveState = 'saved' | 'saving' | 'retrying' | 'conflict' | 'error';

const DEBOUNCE_MS = 800;
const MAX_RETRY_MS = 30_000;
const draftKey = (noteId: string) => `liminal-note-draft:${noteId}`;

interface Draft {
  content: NoteContent;
  /** The server version the text was typed on. */
  version: number;
}

function readDraft(noteId: string): Draft | null {
  try {
    const raw = localStorage.getItem(draftKey(noteId));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}
function writeDraft(noteId: string, draft: Draft): void {
  try {
    localStorage.setItem(draftKey(noteId), JSON.stringify(draft));
  } catch {
    // Storage full or private mode: the server copy and the editor still hold the text.
  }
}
function clearDraft(noteId: string): void {
  try {
    localStorage.removeItem(draftKey(noteId));
  } catch {
    // nothing to clear
  }
}

const same = (a: NoteContent, b: NoteContent) =>
  (Object.keys(a) as (keyof NoteContent)[]).every((k) => a[k] === b[k]);
const retryable = (err: unknown) =>
  !isApiError(err) || err.status === 0 || err.status === 429 || err.status >= 500;

export function useNoteAutosave(patientId: string, note: Note | undefined, editable: boolean) {
  const qc = useQueryClient();
  const [content, setContent] = useState<NoteContent | null>(null);
  const [state, setState] = useState<SaveState>('saved');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [restored, setRestored] = useState(false);
  const latest = useRef<NoteContent | null>(null);
  const version = useRef(0);
  const dirty = useRef(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const retryMs = useRef(2000);
  const noteId = note?.id ?? '';

  const save = useCallback(async (): Promise<void> => {
    if (inFlight.current) return inFlight.current;
    const sending = latest.current;
    if (!sending || !noteId || !dirty.current) return;
    const run = (async () => {
      setState('saving');
      try {
        const saved = await api.put(
          notePath(patientId, noteId),
          { content: sending, version: version.current },
          { schema: therapyNote },
        );
        version.current = saved.version;
        qc.setQueryData(noteKey(patientId, noteId), saved);
        setSavedAt(saved.updatedAt);
        setError(null);
        retryMs.current = 2000;
        if (latest.current === sending) {
          dirty.current = false;
          clearDraft(noteId);
          setState('saved');
        } else {
          writeDraft(noteId, { content: latest.current as NoteContent, version: version.current });
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => void save(), DEBOUNCE_MS);
        }
      } catch (err) {
        setError(err);
        if (isApiError(err) && err.status === 409) setState('conflict');
        else if (retryable(err)) {
          setState('retrying');
          window.clearTimeout(timer.current);
          timer.current = window.setTimeout(() => void save(), retryMs.current);
          retryMs.current = Math.min(retryMs.current * 2, MAX_RETRY_MS);
        } else setState('error');
      }
    })();
    inFlight.current = run;
    try {
      await run;
    } finally {
      inFlight.current = null;
    }
  }, [patientId, noteId, qc]);

  // Load once per note: the server text, unless this device holds text the server has not confirmed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: initialise once per note id
  useEffect(() => {
    if (!note || latest.current) return;
    const draft = editable ? readDraft(note.id) : null;
    if (draft && !same(draft.content, note.content)) {
      latest.current = draft.content;
      version.current = draft.version;
      dirty.current = true;
      setRestored(true);
      setContent(draft.content);
      void save();
    } else {
      if (draft) clearDraft(note.id);
      latest.current = note.content;
      version.current = note.version;
      setContent(note.content);
      setSavedAt(note.updatedAt);
    }
  }, [note?.id, editable]);

  useEffect(() => {
    const online = () => {
      if (dirty.current) void save();
    };
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      window.clearTimeout(timer.current);
      // Leaving the page: one last try (the text also stays in localStorage until it lands).
      if (dirty.current) void save();
    };
  }, [save]);

  const change = useCallback(
    (field: keyof NoteContent, value: string) => {
      if (!latest.current || !noteId) return;
      latest.current = { ...latest.current, [field]: value };
      dirty.current = true;
      setContent(latest.current);
      writeDraft(noteId, { content: latest.current, version: version.current });
      setState((s) => (s === 'conflict' ? s : 'saving'));
      if (state === 'conflict') return;
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void save(), DEBOUNCE_MS);
    },
    [noteId, save, state],
  );

  /** Saves anything pending now; true when the server holds exactly what the editor shows. */
  const flush = useCallback(async () => {
    window.clearTimeout(timer.current);
    if (inFlight.current) await inFlight.current;
    if (dirty.current) await save();
    return !dirty.current;
  }, [save]);

  /** After a 409: keep this window's text (saved over the other) or take the other window's. */
  const resolve = useCallback(
    async (keep: 'mine' | 'theirs') => {
      const fresh = await qc.fetchQuery({
        queryKey: noteKey(patientId, noteId),
        queryFn: () => api.get(notePath(patientId, noteId), { schema: therapyNote }),
        staleTime: 0,
      });
      version.current = fresh.version;
      if (keep === 'theirs') {
        latest.current = fresh.content;
        dirty.current = false;
        clearDraft(noteId);
        setContent(fresh.content);
        setSavedAt(fresh.updatedAt);
        setState('saved');
        setError(null);
        return;
      }
      dirty.current = true;
      await save();
    },
    [patientId, noteId, qc, save],
  );

  return { content, state, savedAt, error, restored, change, flush, resolve };
}
