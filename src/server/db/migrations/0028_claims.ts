import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { makeAppendOnly } from '../dialect';

// Frozen once merged. Billing documents (issue #22, DOMAIN §9), after 0027 (charge lines):
//  - billing_practice: the practice's billing identity (one row, id 'practice'): name, address, phone, tax id,
//    group NPI, taxonomy; the 837P submitter/receiver ids; per visit type whether superbills list all lines or
//    only the main ones;
//  - billing_clinicians: a rendering clinician's individual NPI and taxonomy (staff licences hold state licences,
//    not the NPI);
//  - patient_coverage: the patient's insurer, member id and insured (all optional: most KAP is self-pay);
//  - claim_batches: each 837P exported, with its interchange control number (unique, increasing) and the file;
//    claim_batch_lines: the final charge lines it carried. Both append-only.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('billing_practice')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address_line1', 'text')
    .addColumn('address_line2', 'text')
    .addColumn('city', 'text')
    .addColumn('state', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('phone', 'text')
    .addColumn('tax_id', 'text')
    .addColumn('npi', 'text')
    .addColumn('taxonomy', 'text')
    .addColumn('submitter_id', 'text')
    .addColumn('receiver_name', 'text')
    .addColumn('receiver_id', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('usage', 'text', (c) => c.notNull())
    .addColumn('superbill_detail', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('billing_practice_usage', sql`usage in ('T', 'P')`)
    .execute();

  await db.schema
    .createTable('billing_clinicians')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('npi', 'text', (c) => c.notNull())
    .addColumn('taxonomy', 'text')
    .addColumn('credentials', 'text')
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('patient_coverage')
    .addColumn('patient_id', 'text', (c) => c.primaryKey().references('patients.id'))
    .addColumn('payer_name', 'text', (c) => c.notNull())
    .addColumn('payer_id', 'text')
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('group_number', 'text')
    .addColumn('filing_indicator', 'text', (c) => c.notNull())
    .addColumn('relationship', 'text', (c) => c.notNull())
    .addColumn('insured_first_name', 'text')
    .addColumn('insured_last_name', 'text')
    .addColumn('insured_date_of_birth', 'text')
    .addColumn('insured_sex', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('claim_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('control_number', 'integer', (c) => c.notNull().unique())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text', (c) => c.notNull())
    .addColumn('claim_count', 'integer', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('usage', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('claim_batch_lines')
    .addColumn('batch_id', 'text', (c) => c.notNull().references('claim_batches.id'))
    .addColumn('charge_line_id', 'text', (c) => c.notNull().references('charge_lines.id'))
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addPrimaryKeyConstraint('claim_batch_lines_pk', ['batch_id', 'charge_line_id'])
    .execute();
  await db.schema
    .createIndex('claim_batch_lines_charge')
    .on('claim_batch_lines')
    .column('charge_line_id')
    .execute();
  await makeAppendOnly(db, 'claim_batches');
  await makeAppendOnly(db, 'claim_batch_lines');
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
