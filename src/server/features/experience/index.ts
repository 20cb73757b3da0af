// What the rest of the server uses of in-session experience ratings (issue #21): its routes, and the ratings as
// the printed session records show them, and the session of a rating's response (FHIR `encounter`).

export { sessionsOfResponses } from './repository';
export { registerExperienceRoutes } from './routes';
export { ratingsPdfSection, sessionRatings } from './service';
