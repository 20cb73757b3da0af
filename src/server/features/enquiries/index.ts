// What other features use of enquiries (see the feature's routes for its API).
export { type EnquiryRow, getEnquiry, markConsultationBooked, newEnquiriesQuery } from './repository';
