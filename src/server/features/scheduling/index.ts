// What the rest of the server wires in from scheduling (see the feature's routes for its API).
export { mailAttachments } from './notify';
export { runDueReminders, type SchedulerHandle, startScheduler, stopScheduler } from './reminders';
export { registerSchedulingRoutes } from './routes';
export { createBookingInvite } from './self-booking';
