// What other features may use of the care tasks (issue #17): open one inside their own transaction, read a source's,
// and the open tasks for Today.

export { careTaskLink } from './present';
export {
  CARE_TASK_KINDS,
  type CareTaskKind,
  type CareTaskRow,
  insertCareTask,
  type OpenCareTask,
  openCareTasksQuery,
  tasksOfSource,
} from './repository';
export { CareTasksService } from './service';
