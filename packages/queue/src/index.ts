/**
 * Runs on a PostgreSQL job queue (pg-boss): enqueue a workflow's run, schedules, workers, and
 * the history of every attempt. See docs/fleet.md.
 */
export { describeDatabase, RUN_QUEUE, TICK_QUEUE } from "./connect.js";
export { enqueueRun, type EnqueueRunOptions, type EnqueueResult } from "./enqueue.js";
export { startWorker, type WorkerOptions, type Worker } from "./worker.js";
export {
  listRuns,
  type ListRunsOptions,
  type RunRecord,
  type RunStatus,
  type RunCounts,
} from "./runs.js";
export {
  addSchedule,
  listSchedules,
  removeSchedule,
  pauseSchedule,
  resumeSchedule,
  checkCron,
  fireSchedulesAt,
  type FiredSchedule,
  ScheduleError,
  type Schedule,
  type ScheduleInput,
} from "./schedules.js";
export { runWorkflowChild, type RunOutcome, type RunChildOptions } from "./run-child.js";
export {
  DEFAULT_TIME_BUDGET_SECONDS,
  EXPIRY_GRACE_SECONDS,
  type RunJob,
  type RunJobOptions,
  type RunTarget,
} from "./run-job.js";
export { isTransient } from "./retry-policy.js";
export {
  openRunQueueView,
  type RunQueueView,
  type ScheduleView,
  type QueuedRunView,
  type NewSavedSchedule,
  type AddedScheduleView,
  savedCatalogPath,
} from "./view.js";
export { savedConnectionKey, SavedConnectionError, type SavedTarget } from "./saved-connection.js";
