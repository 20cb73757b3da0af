// What other features may use of the care tasks (issue #17): open one inside their own transaction, read a source's.
export {
  CARE_TASK_KINDS,
  type CareTaskKind,
  type CareTaskRow,
  insertCareTask,
  type OpenCareTask,
  tasksOfSource,
} from './repository';
