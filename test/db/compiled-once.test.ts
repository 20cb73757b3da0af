import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledInsert, compiledOnce, compiledPerShape } from '../../src/server/db/compiled-once';
import type { Executor } from '../../src/server/db/dialect';
import { type TestDatabase, testDatabaseWithSettings } from '../support/db';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await testDatabaseWithSettings({ 'a.one': '1', 'a.two': '2', 'b.one': '3' });
});
afterAll(async () => {
  await tdb.close();
});

describe('queries compiled once (issue #23)', () => {
  it('runs with each call’s arguments, the query’s own constants kept, and matches the builder’s answer', async () => {
    let builds = 0;
    const byKeyAndValue = compiledOnce((db: Executor, key: string, value: string) => {
      builds++;
      return db
        .selectFrom('settings')
        .select(['key', 'value'])
        .where('key', '=', key)
        .where('value', '=', value)
        .where('key', '!=', 'zz.constant')
        .orderBy('key')
        .limit(5);
    });
    const db = tdb.handle.db;
    expect(await byKeyAndValue(db, 'a.one', '1')).toEqual([{ key: 'a.one', value: '1' }]);
    expect(await byKeyAndValue(db, 'a.two', '2')).toEqual([{ key: 'a.two', value: '2' }]);
    expect(await byKeyAndValue(db, 'a.two', '1')).toEqual([]);
    // A value that looks like SQL is a parameter like any other.
    expect(await byKeyAndValue(db, "a.one' or '1'='1", '1')).toEqual([]);
    expect(builds).toBe(1);
    // Inside a transaction too.
    const inTrx = await db.transaction().execute((trx) => byKeyAndValue(trx, 'b.one', '3'));
    expect(inTrx).toEqual([{ key: 'b.one', value: '3' }]);
  });

  it('refuses a build that changes an argument or does not pass it to the SQL', async () => {
    const db = tdb.handle.db;
    const changed = compiledOnce((d: Executor, prefix: string) =>
      d.selectFrom('settings').select('key').where('key', 'like', `${prefix}%`),
    );
    await expect(changed(db, 'a.')).rejects.toThrow(/changed before reaching the SQL/);
    const unused = compiledOnce((d: Executor, _key: string) =>
      d.selectFrom('settings').select('key').where(sql<boolean>`1 = 1`),
    );
    await expect(unused(db, 'a.one')).rejects.toThrow(/does not reach the SQL as a parameter/);
  });

  it('inserts each call’s row through one compiled insert, every column in place, undefined stored as NULL', async () => {
    const db = tdb.handle.db;
    const insert = compiledInsert('settings', ['key', 'value', 'updated_at', 'updated_by']);
    const at = '2026-02-02T00:00:00.000Z';
    await insert(db, { key: 'c.one', value: 'x', updated_at: at, updated_by: null });
    await db.transaction().execute((trx) =>
      insert(trx, {
        key: 'c.two',
        value: "y'); drop table settings; --",
        updated_at: at,
        updated_by: undefined,
      }),
    );
    const rows = await db
      .selectFrom('settings')
      .selectAll()
      .where('key', 'like', 'c.%')
      .orderBy('key')
      .execute();
    expect(rows).toEqual([
      { key: 'c.one', value: 'x', updated_at: at, updated_by: null },
      { key: 'c.two', value: "y'); drop table settings; --", updated_at: at, updated_by: null },
    ]);
  });
  it('per shape: one compile for each null, flag and list length, each answer the builder’s own', async () => {
    const db = tdb.handle.db;
    let builds = 0;
    const build = (d: Executor, keys: readonly string[] | null, value: string | null, onlyA: boolean) => {
      builds++;
      return d
        .selectFrom('settings')
        .select(['key', 'value'])
        .$if(keys !== null, (q) => q.where('key', 'in', keys as string[]))
        .$if(value !== null, (q) => q.where('value', '=', value as string))
        .$if(onlyA, (q) => q.where('key', 'like', 'a.%'))
        .orderBy('key');
    };
    const shaped = compiledPerShape(build, { maxList: 3 });
    const direct = (keys: readonly string[] | null, value: string | null, onlyA: boolean) =>
      build(db, keys, value, onlyA).execute();
    const cases: [readonly string[] | null, string | null, boolean][] = [
      [['a.one'], null, false],
      [['a.two'], null, false],
      [['a.one', 'b.one'], null, false],
      [['a.one', 'b.one'], null, true],
      [['b.one', 'a.two'], '2', false],
      [null, '3', false],
      [null, null, true],
      [null, "1' or '1'='1", false],
      [['a.one', 'a.two', 'b.one', 'zz'], null, false], // longer than maxList: built each time
    ];
    for (const [keys, value, onlyA] of cases) {
      const want = await direct(keys, value, onlyA);
      expect(await shaped(db, keys, value, onlyA), JSON.stringify([keys, value, onlyA])).toEqual(want);
    }
    // Compiled again only for a new shape: the same shapes once more add no build but the long list's.
    const before = builds;
    for (const [keys, value, onlyA] of cases) await shaped(db, keys, value, onlyA);
    expect(builds - before).toBe(1);
    expect(await shaped(db, ['b.one'], null, false)).toEqual([{ key: 'b.one', value: '3' }]);
  });

  it('per shape: refuses a build that changes a list element before it reaches the SQL', async () => {
    const db = tdb.handle.db;
    const changed = compiledPerShape((d: Executor, keys: readonly string[]) =>
      d
        .selectFrom('settings')
        .select('key')
        .where(
          'key',
          'in',
          keys.map((k) => `${k}x`),
        ),
    );
    await expect(changed(db, ['a.one'])).rejects.toThrow(/changed before reaching the SQL/);
  });
});
