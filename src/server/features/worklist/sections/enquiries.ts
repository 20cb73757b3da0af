import { newEnquiriesQuery } from '../../enquiries';
import { paged, type Source } from '../items';

/** New enquiries, urgent ones (suicidal thoughts reported) first. */
export const newEnquiries: Source = (trx, _now, _auth, page) =>
  paged(trx, newEnquiriesQuery(trx), page, (e) => ({
    id: `enquiry:${e.id}`,
    kind: 'enquiry_new',
    severity: e.urgent ? 'urgent' : 'info',
    title: e.urgent ? 'Urgent enquiry: suicidal thoughts reported' : 'New enquiry',
    detail: 'Contact the person and record the outcome.',
    patientId: null,
    patientName: `${e.first_name} ${e.last_name}`,
    link: `/app/enquiries/${e.id}`,
    at: e.created_at,
  }));
