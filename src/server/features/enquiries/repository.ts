import type { Executor } from '../../db/dialect';

/** New enquiries, urgent ones (suicidal thoughts reported) first, then the oldest (a query, paged by the worklist). */
export const newEnquiriesQuery = (db: Executor) =>
  db
    .selectFrom('enquiries')
    .select(['id', 'urgent', 'first_name', 'last_name', 'created_at'])
    .where('status', '=', 'new')
    .orderBy('urgent', 'desc')
    .orderBy('created_at')
    .orderBy('id');
