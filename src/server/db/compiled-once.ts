import type { Compilable, CompiledQuery, Insertable } from 'kysely';
import { type Executor, isPostgres } from './dialect';
import type { Database } from './schema';

/** Stands for argument `i` (element `j` of a list argument) while a query is compiled; never a value a caller could pass. */
const sentinel = (i: number, j?: number) => `⟦liminal-arg-${i}${j === undefined ? '' : `.${j}`}⟧`;
const SENTINEL = /^⟦liminal-arg-(\d+)(?:\.(\d+))?⟧$/;

interface Shape {
  compiled: CompiledQuery;
  /** For each parameter of the compiled query: the argument it takes ([i] or [i, j]), or null for a constant. */
  slots: ([number] | [number, number] | null)[];
}

/**
 * Compiles `build` with stand-ins and finds where each reaches the SQL. Every stand-in must reach it as a
 * parameter of its own, unchanged; `expected` lists them (as `i` or `i.j`).
 */
function compileShape<R>(compilable: Compilable<R>, expected: string[]): Shape {
  const compiled = compilable.compile();
  const slots = compiled.parameters.map((p): Shape['slots'][number] => {
    if (typeof p !== 'string' || !p.includes('⟦liminal-arg-')) return null;
    const m = SENTINEL.exec(p);
    if (!m) throw new Error(`compiledOnce: an argument was changed before reaching the SQL: ${compiled.sql}`);
    return m[2] === undefined ? [Number(m[1])] : [Number(m[1]), Number(m[2])];
  });
  const reached = new Set(slots.filter((x) => x !== null).map((x) => x.join('.')));
  for (const e of expected)
    if (!reached.has(e))
      throw new Error(`compiledOnce: argument ${e} does not reach the SQL as a parameter: ${compiled.sql}`);
  return { compiled, slots };
}

async function runShape<R>(db: Executor, { compiled, slots }: Shape, args: readonly unknown[]): Promise<R[]> {
  const parameters = slots.map((slot, i) => {
    if (slot === null) return compiled.parameters[i];
    const a = args[slot[0]];
    return slot.length === 1 ? a : (a as readonly unknown[])[slot[1]];
  });
  return (await db.executeQuery<R>({ ...compiled, parameters })).rows;
}

/**
 * A hot query built and compiled by Kysely once per engine, then run with new arguments (issue #23). Building a
 * query through Kysely's builder (nodes created, frozen, visited and compiled to SQL) cost more CPU than SQLite
 * took to run it on the chart read. `build` is called once per engine with stand-ins for its arguments; each
 * stand-in must reach the SQL as a parameter of its own, unchanged (a `where x = arg`, an inserted value), so
 * that the arguments of a later call simply take their places. A build that uses an argument in any other way
 * (to choose a branch, inside a string it makes, as a list whose length varies) is refused when first compiled.
 * The result is the rows, typed as the builder's would be.
 */
export function compiledOnce<A extends readonly unknown[], R>(
  build: (db: Executor, ...args: A) => Compilable<R>,
): (db: Executor, ...args: A) => Promise<R[]> {
  const shapes: { sqlite?: Shape; postgres?: Shape } = {};
  const shapeFor = (db: Executor, argc: number): Shape => {
    const engine = isPostgres(db) ? 'postgres' : 'sqlite';
    const known = shapes[engine];
    if (known) return known;
    const stand = Array.from({ length: argc }, (_, i) => sentinel(i)) as unknown as A;
    const shape = compileShape(
      build(db, ...stand),
      Array.from({ length: argc }, (_, i) => String(i)),
    );
    shapes[engine] = shape;
    return shape;
  };
  return async (db: Executor, ...args: A): Promise<R[]> => runShape<R>(db, shapeFor(db, args.length), args);
}

/** What `compiledPerShape` takes: values that become parameters, lists of them, and flags that shape the query. */
export type ShapedArg = string | number | boolean | null | undefined | readonly (string | number)[];

/**
 * `compiledOnce` for a query whose form depends on its arguments' shape (issue #23): a condition left out when
 * an argument is null or undefined, a flag (boolean) that adds one, an `in` list of the length given. The query
 * is compiled once per engine and shape — null, undefined, each flag's value and each list's length — and
 * strings, numbers and list elements must each reach the SQL as a parameter, unchanged, as for `compiledOnce`.
 * Lists longer than `maxList` and shapes beyond the first `maxShapes` are built and compiled each time, as
 * without this.
 */
export function compiledPerShape<A extends readonly ShapedArg[], R>(
  build: (db: Executor, ...args: A) => Compilable<R>,
  { maxList = 8, maxShapes = 64 } = {},
): (db: Executor, ...args: A) => Promise<R[]> {
  const shapes = new Map<string, Shape>();
  return async (db: Executor, ...args: A): Promise<R[]> => {
    const uncached = async () => (await db.executeQuery<R>(build(db, ...args).compile())).rows;
    let key = isPostgres(db) ? 'p' : 's';
    for (const a of args) {
      if (a === null) key += ',n';
      else if (a === undefined) key += ',u';
      else if (typeof a === 'boolean') key += a ? ',t' : ',f';
      else if (Array.isArray(a)) {
        if (a.length > maxList) return uncached();
        key += `,${a.length}`;
      } else key += ',v';
    }
    let shape = shapes.get(key);
    if (!shape) {
      if (shapes.size >= maxShapes) return uncached();
      const expected: string[] = [];
      const stand = args.map((a, i) => {
        if (Array.isArray(a))
          return a.map((_, j) => {
            expected.push(`${i}.${j}`);
            return sentinel(i, j);
          });
        if (typeof a === 'string' || typeof a === 'number') {
          expected.push(String(i));
          return sentinel(i);
        }
        return a;
      }) as unknown as A;
      shape = compileShape(build(db, ...stand), expected);
      shapes.set(key, shape);
    }
    return runShape<R>(db, shape, args);
  };
}

/**
 * A hot single-row insert compiled once (as `compiledOnce`): `insert into table (columns…) values (?…)`, each
 * call's row put in its parameters in `columns` order. Every column of the row type must be named (checked by
 * the type), so nothing a caller sets is dropped; a column given as `undefined` is stored as NULL.
 */
export function compiledInsert<
  T extends keyof Database & string,
  C extends keyof Insertable<Database[T]> & string,
>(
  table: T,
  columns: readonly C[] & (Exclude<keyof Insertable<Database[T]>, C> extends never ? unknown : never),
): (db: Executor, row: Pick<Insertable<Database[T]>, C>) => Promise<void> {
  const insert = compiledOnce((db: Executor, ...values: unknown[]) =>
    db
      .insertInto(table)
      .values(
        Object.fromEntries(columns.map((c, i) => [c, values[i]])) as unknown as Insertable<Database[T]>,
      ),
  );
  return async (db, row) => {
    await insert(db, ...columns.map((c) => (row as Record<string, unknown>)[c] ?? null));
  };
}
