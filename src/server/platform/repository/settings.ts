import type { Executor } from '../../db/dialect';

/** All SQL about clinic settings: one JSON text value per key (platform/settings.ts types the keys). */
export async function readSettingValue(db: Executor, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeSettingValue(
  db: Executor,
  key: string,
  json: string,
  by: string | null,
  now: string,
): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value: json, updated_at: now, updated_by: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now, updated_by: by }))
    .execute();
}
