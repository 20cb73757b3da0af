import { dateWords } from '../../../../domain/scheduling/zone-words';
import { expiringLicencesQuery } from '../../users';
import { paged, type Source } from '../items';

/** Staff licences expiring within 60 days, or expired. */
export const licences: Source = (trx, now, _auth, page) => {
  const until = new Date(now.getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
  return paged(trx, expiringLicencesQuery(trx, until), page, (l) => ({
    id: `licence:${l.id}`,
    kind: 'licence_expiring',
    severity: l.expires_on < now.toISOString().slice(0, 10) ? 'urgent' : 'due',
    title: `${l.name}: ${l.licence_type} licence (${l.state}) expires ${dateWords(l.expires_on)}`,
    detail: 'Record the renewed licence.',
    patientId: null,
    patientName: null,
    link: '/app/admin/users',
    at: l.expires_on,
  }));
};
