import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

// Frozen once merged: later changes go in a new numbered migration.
// Scheduling (issue #9). The shipped appointment types below are the clinic's starting point; admins edit
// them. They are written out here (not imported) so this migration keeps doing exactly what it did.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clinic_locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('address_line1', 'text', (c) => c.notNull())
    .addColumn('address_line2', 'text')
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('esketamine_certified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('clinic_rooms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull().references('clinic_locations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('clinic_rooms_location_name', ['location_id', 'name'])
    .execute();

  await db.schema
    .createTable('appointment_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('patient_label', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('route', 'text')
    .addColumn('default_minutes', 'integer', (c) => c.notNull())
    .addColumn('min_minutes', 'integer', (c) => c.notNull())
    .addColumn('max_minutes', 'integer', (c) => c.notNull())
    .addColumn('modalities', 'text', (c) => c.notNull())
    .addColumn('room_kinds', 'text', (c) => c.notNull())
    .addColumn('room_required', 'integer', (c) => c.notNull())
    .addColumn('staff', 'text', (c) => c.notNull())
    .addColumn('certified_site_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('patient_bookable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('instructions', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_hours')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('location_id', 'text', (c) => c.references('clinic_locations.id'))
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_hours_user').on('staff_hours').column('user_id').execute();

  await db.schema
    .createTable('staff_time_off')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema
    .createIndex('staff_time_off_user')
    .on('staff_time_off')
    .columns(['user_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('appointments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.references('patients.id'))
    .addColumn('enquiry_id', 'text', (c) => c.references('enquiries.id'))
    .addColumn('type_id', 'text', (c) => c.notNull().references('appointment_types.id'))
    .addColumn('course_id', 'text')
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.references('clinic_locations.id'))
    .addColumn('room_id', 'text', (c) => c.references('clinic_rooms.id'))
    .addColumn('modality', 'text', (c) => c.notNull())
    .addColumn('video_url', 'text')
    .addColumn('patient_location_state', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancel_reason', 'text')
    .addColumn('cancelled_by', 'text')
    .addColumn('cancelled_by_kind', 'text')
    .addColumn('late_cancel', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status_changed_at', 'text')
    .addColumn('escort_name', 'text')
    .addColumn('escort_phone', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('booked_by', 'text')
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('appointments_who', sql`patient_id is not null or enquiry_id is not null`)
    .execute();
  await db.schema
    .createIndex('appointments_starts')
    .on('appointments')
    .columns(['starts_at', 'status'])
    .execute();
  await db.schema
    .createIndex('appointments_patient')
    .on('appointments')
    .columns(['patient_id', 'starts_at'])
    .execute();
  await db.schema.createIndex('appointments_enquiry').on('appointments').column('enquiry_id').execute();
  await db.schema
    .createIndex('appointments_room')
    .on('appointments')
    .columns(['room_id', 'starts_at'])
    .execute();
  await db.schema
    .createIndex('appointments_location')
    .on('appointments')
    .columns(['location_id', 'starts_at'])
    .execute();

  await db.schema
    .createTable('appointment_staff')
    .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('hold', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('appointment_staff_pk', ['appointment_id', 'user_id'])
    .execute();
  await db.schema.createIndex('appointment_staff_user').on('appointment_staff').column('user_id').execute();

  await db.schema
    .createTable('appointment_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('send_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('outbox_id', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('appointment_reminders_due')
    .on('appointment_reminders')
    .columns(['status', 'send_at'])
    .execute();
  await db.schema
    .createIndex('appointment_reminders_appt')
    .on('appointment_reminders')
    .column('appointment_id')
    .execute();

  await db.schema
    .createTable('appointment_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('appointment_mail')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('appointment_id', 'text', (c) => c.notNull().references('appointments.id'))
    .addColumn('outbox_id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ical_feeds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute();
  await db.schema.createIndex('ical_feeds_user').on('ical_feeds').column('user_id').execute();

  await db.schema
    .createTable('booking_invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enquiry_id', 'text', (c) => c.notNull().references('enquiries.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('appointment_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  const now = new Date().toISOString();
  const therapist = JSON.stringify([{ roles: ['therapist'], hold: 'exclusive' }]);
  const both = JSON.stringify(['in_person', 'video']);
  const dosingStaff = JSON.stringify([
    { roles: ['nurse'], hold: 'exclusive' },
    { roles: ['prescriber'], hold: 'on_site' },
  ]);
  const seats = JSON.stringify(['chair', 'room']);
  const offices = JSON.stringify(['office', 'room']);
  // Fasting: ASA practice guideline for procedural sedation (clear fluids until 2 h, no solid food for 6 h);
  // esketamine: Spravato label (no food for 2 h, no liquids for 30 min; no driving until the next day after
  // a restful sleep). Each clinic's medical director edits these.
  const after = [
    'Arrange for an adult to take you home: a friend or family member, or a booked ride. Please tell us their name. You cannot leave on your own.',
    'Do not drive, cycle or use machinery until the next day, after a full night of sleep.',
    'Bring photo ID, a list of every medicine you take, comfortable layered clothes, and an eye mask or headphones if you like.',
    'Avoid alcohol and cannabis for 24 hours before and after.',
  ];
  const racemic = [
    'Do not eat for 6 hours before your visit. You may drink clear fluids (water, clear juice, black tea or coffee) until 2 hours before.',
    'Take your usual medicines unless your prescriber told you otherwise.',
    ...after,
  ].join('\n');
  const esketamine = [
    'Do not eat for 2 hours before your visit, and do not drink anything for 30 minutes before.',
    'If you use a nasal steroid or decongestant spray, use it at least 1 hour before your visit.',
    ...after,
  ].join('\n');
  const therapy =
    'This is a talking session of about an hour. If you join by video, find a quiet, private place with a good connection.';
  const types = [
    [
      'consultation',
      'Consultation',
      'Consultation',
      'consultation',
      null,
      60,
      30,
      120,
      both,
      offices,
      0,
      JSON.stringify([{ roles: ['prescriber'], hold: 'exclusive' }]),
      0,
      1,
      'Please bring photo ID, a list of your medicines, and any recent medical records.',
    ],
    [
      'preparation',
      'Preparation',
      'Preparation session',
      'preparation',
      null,
      60,
      30,
      120,
      both,
      offices,
      0,
      therapist,
      0,
      0,
      therapy,
    ],
    [
      'integration',
      'Integration',
      'Integration session',
      'integration',
      null,
      60,
      30,
      120,
      both,
      offices,
      0,
      therapist,
      0,
      0,
      therapy,
    ],
    [
      'dosing_im',
      'Dosing — IM',
      'Treatment session',
      'dosing',
      'im',
      150,
      120,
      180,
      JSON.stringify(['in_person']),
      seats,
      1,
      dosingStaff,
      0,
      0,
      racemic,
    ],
    [
      'dosing_iv',
      'Dosing — IV infusion',
      'Treatment session',
      'dosing',
      'iv',
      120,
      120,
      180,
      JSON.stringify(['in_person']),
      seats,
      1,
      dosingStaff,
      0,
      0,
      racemic,
    ],
    [
      'dosing_sublingual',
      'Dosing — sublingual (in clinic)',
      'Treatment session',
      'dosing',
      'sublingual',
      120,
      90,
      180,
      JSON.stringify(['in_person']),
      seats,
      1,
      dosingStaff,
      0,
      0,
      racemic,
    ],
    [
      'dosing_esketamine',
      'Dosing — esketamine (Spravato)',
      'Treatment session',
      'dosing',
      'esketamine',
      135,
      135,
      240,
      JSON.stringify(['in_person']),
      seats,
      1,
      dosingStaff,
      1,
      0,
      esketamine,
    ],
    [
      'follow_up',
      'Follow-up',
      'Follow-up visit',
      'follow_up',
      null,
      30,
      15,
      60,
      both,
      offices,
      0,
      JSON.stringify([{ roles: ['prescriber', 'therapist'], hold: 'exclusive' }]),
      0,
      0,
      'You may be asked to fill in a few short questionnaires before the visit.',
    ],
  ] as const;
  for (const t of types) {
    await db
      .insertInto('appointment_types')
      .values({
        id: randomUUID(),
        code: t[0],
        name: t[1],
        patient_label: t[2],
        category: t[3],
        route: t[4],
        default_minutes: t[5],
        min_minutes: t[6],
        max_minutes: t[7],
        modalities: t[8],
        room_kinds: t[9],
        room_required: t[10],
        staff: t[11],
        certified_site_required: t[12],
        patient_bookable: t[13],
        instructions: t[14],
        active: 1,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}
