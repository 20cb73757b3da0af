export { type NextThing, type PrepareNext, prepareFor } from './prepare';
export { COURSE_PHASES, type CoursePhase, type CourseStage, courseStage, type StageInput } from './stage';
