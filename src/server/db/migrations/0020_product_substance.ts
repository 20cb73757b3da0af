import { type Kysely, sql } from 'kysely';

// Frozen once merged. Doses given in the session console are drawn from the ledger (issue #14): the console
// offers, and the server accepts, only stock that fits the session's route, so a product says which
// substance it is (ketamine or esketamine; its form already says vial, troche or dissolving tablet).
// Products a clinic already has are ketamine unless their name or NDC says esketamine (Spravato's NDCs
// begin 50458-028). Needs 0004 (ledger_products) only.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('ledger_products')
    .addColumn('substance', 'text', (c) => c.notNull().defaultTo('ketamine'))
    .execute();
  await db
    .updateTable('ledger_products')
    .set({ substance: 'esketamine' })
    .where((eb) =>
      eb.or([
        eb(sql`lower(name)`, 'like', '%esketamine%'),
        eb(sql`lower(name)`, 'like', '%spravato%'),
        eb('ndc', 'like', '50458-028-%'),
      ]),
    )
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
