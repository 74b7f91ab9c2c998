/**
 * Runs on a PostgreSQL job queue (pg-boss): enqueue a workflow's run, schedules, workers, and
 * the history of every attempt. See docs/fleet.md.
 */
export { describeDatabase } from "./connect.js";
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
  fireSchedulesAt,
  type FiredSchedule,
  ScheduleError,
  type Schedule,
  type ScheduleInput,
} from "./schedules.js";
export { type RunOutcome } from "./run-child.js";
export { type RunJob, type RunJobOptions } from "./run-job.js";
export {
  openRunQueueView,
  type RunQueueView,
  type ScheduleView,
  type QueuedRunView,
  type NewSavedSchedule,
  type AddedScheduleView,
} from "./view.js";
export { type SavedTarget } from "./saved-connection.js";
