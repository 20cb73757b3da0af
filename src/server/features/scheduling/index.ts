// What the rest of the server wires in from scheduling (see the feature's routes for its API).
export { BookingService } from './booking';
export { forgetMailAttachments, mailAttachments } from './notify';
export { isUpcomingVisit, portalVisitsOf } from './portal';
export { listLocations } from './reference-repository';
export { runDueReminders, type SchedulerHandle, startScheduler, stopScheduler } from './reminders';
export { consultationsWhere, getAppointment, participantsOf } from './repository';
export { registerSchedulingRoutes } from './routes';
export { createBookingInvite } from './self-booking';
export { visitFollowsSession } from './session-visit';
export { clinicTimeZone } from './settings';
