/**
 * Helpers for the session-console journeys: tablet-sized viewports, API calls made from the
 * signed-in page (same cookie and anti-forgery token as the app), and moving a session back in time so the
 * minimum monitoring period (60 min IM, 120 min esketamine) can pass inside a test.
 */
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { CLINIC_TIME_ZONE } from '../support/browser';
import type { TestServer } from '../support/server';

export { label, setDim, shot } from '../support/browser';

export const TABLET_LANDSCAPE = { width: 1024, height: 768 };
export const TABLET_PORTRAIT = { width: 768, height: 1024 };
export const DESKTOP = { width: 1280, height: 900 };
export const ROBIN = '5a1d0d0e-0000-4000-8000-000000000001';

/** An API call from inside the signed-in page, as the app makes it. Throws on a non-2xx answer. */
export async function apiCall<T = unknown>(
  page: Page,
  method: string,
  url: string,
  body?: unknown,
): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const me = await (await fetch('/api/auth/me')).json();
      const res = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(method === 'GET'
            ? {}
            : { 'content-type': 'application/json', 'x-csrf-token': me.session.csrfToken }),
        },
        body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
      return text ? JSON.parse(text) : null;
    },
    { method, url, body },
  ) as Promise<T>;
}

/** Finds a demo patient's id by name. */
export async function patientId(page: Page, name: string): Promise<string> {
  const res = await apiCall<{ patients: { id: string }[] }>(
    page,
    'GET',
    `/api/patients?q=${encodeURIComponent(name)}`,
  );
  const id = res.patients[0]?.id;
  if (!id) throw new Error(`no demo patient ${name}`);
  return id;
}

/** A course with a signed preparation note, made through the API by the therapist. */
export async function courseReadyForDosing(page: Page, patient: string, templateKey: string, extra = {}) {
  const base = `/api/patients/${patient}`;
  const { id: courseId } = await apiCall<{ id: string }>(page, 'POST', `${base}/courses`, {
    templateKey,
    indications: ['Treatment-resistant depression'],
    ...extra,
  });
  const note = await apiCall<{ id: string; version: number }>(
    page,
    'POST',
    `${base}/courses/${courseId}/notes`,
    {
      kind: 'preparation',
      // Today in the clinic, by the page's clock (which keeps the server's time).
      sessionDate: await page.evaluate(
        (timeZone) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date()),
        CLINIC_TIME_ZONE,
      ),
    },
  );
  const content = {
    intentions: 'To feel present again.',
    goals: '',
    themes: '',
    insights: '',
    commitments: '',
    homework: '',
    narrative: 'Prepared.',
  };
  await apiCall(page, 'PUT', `${base}/notes/${note.id}`, { content, version: note.version });
  await apiCall(page, 'POST', `${base}/notes/${note.id}/sign`);
  return courseId;
}

/**
 * Moves a session and all its entries `minutes` into the past, as if that much time had passed since the
 * dose. Test-only: the product never rewrites times (session_entries is append-only, so its guard trigger
 * is lifted for the moment of the shift and put back).
 */
export async function shiftSessionBack(
  server: TestServer,
  sessionId: string,
  minutes: number,
): Promise<void> {
  const { db, engine } = server.db.handle;
  const back = (v: string | Date | null) =>
    v ? new Date(new Date(v).getTime() - minutes * 60_000).toISOString() : v;
  const s = await db
    .selectFrom('dosing_sessions')
    .select(['started_at', 'first_dose_at'])
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('dosing_sessions')
    .set({ started_at: back(s.started_at) as string, first_dose_at: back(s.first_dose_at) as string | null })
    .where('id', '=', sessionId)
    .execute();
  const rows = await db
    .selectFrom('session_entries')
    .select(['id', 'at', 'recorded_at'])
    .where('session_id', '=', sessionId)
    .execute();
  const guard = engine === 'postgres' ? 'session_entries_append_only' : 'session_entries_no_update';
  if (engine === 'postgres')
    await sql.raw(`alter table session_entries disable trigger ${guard}`).execute(db);
  else await sql.raw(`drop trigger ${guard}`).execute(db);
  try {
    for (const r of rows) {
      await db
        .updateTable('session_entries')
        .set({ at: back(r.at) as string, recorded_at: back(r.recorded_at) as string })
        .where('id', '=', r.id)
        .execute();
    }
  } finally {
    if (engine === 'postgres')
      await sql.raw(`alter table session_entries enable trigger ${guard}`).execute(db);
    else
      await sql
        .raw(
          `create trigger ${guard} before update on session_entries begin select raise(abort, 'session_entries is append-only'); end;`,
        )
        .execute(db);
  }
}

export const sessionIdFrom = (url: string) => /\/sessions\/([0-9a-f-]{36})/.exec(url)?.[1] ?? '';

export const dialog = (page: Page, name: string | RegExp) => page.getByRole('dialog', { name });

/** Records vital signs from the quick bar (or another button that opens the form) and waits for them. */
export async function recordVitals(
  page: Page,
  v: { sbp: number; dbp: number; hr: number; spo2: number },
  button = 'Record vitals',
) {
  await page.getByRole('button', { name: button }).click();
  const d = dialog(page, 'Record vitals');
  await d.getByLabel('Systolic (mmHg)').fill(String(v.sbp));
  await d.getByLabel('Diastolic (mmHg)').fill(String(v.dbp));
  await d.getByLabel('Heart rate (bpm)').fill(String(v.hr));
  await d.getByLabel('SpO2 (%)').fill(String(v.spo2));
  await d.getByRole('button', { name: 'Save vitals' }).click();
  await d.waitFor({ state: 'hidden' });
  await page
    .getByTestId('last-vitals')
    .filter({ hasText: `${v.sbp}/${v.dbp}` })
    .waitFor();
}

/** Records a MOAA/S score from the quick bar and waits for it in the timeline. */
export async function recordSedation(page: Page, score: number) {
  await page.getByTestId('quick-bar').getByRole('button', { name: 'Sedation' }).click();
  const d = dialog(page, 'Record sedation (MOAA/S)');
  await d.getByRole('radio', { name: String(score), exact: true }).check();
  await d.getByRole('button', { name: 'Save' }).click();
  await d.waitFor({ state: 'hidden' });
  await page
    .getByTestId('timeline-entry')
    .filter({ hasText: `MOAA/S ${score} —` })
    .first()
    .waitFor();
}

/** The nurse's discharge confirmations: oriented, walks safely, sedation and dissociation resolved. */
export async function confirmRecovered(page: Page) {
  for (const box of [
    'Oriented to person, place and time',
    'Walks safely without help',
    'Sedation resolved',
    'Dissociation resolved',
  ]) {
    await page.getByRole('checkbox', { name: box }).check();
  }
}
