/**
 * A time budget for work that runs a schema's code on a request's data: validation. A pattern
 * such as `^(a+)+$` backtracks for minutes on a 30-character string, and validation runs on the
 * event loop, so one such request would stall every other. The work runs as a vm script with a
 * timeout: V8 stops it when the budget is spent (the functions it calls are this realm's; no
 * copy of the data, about 0.1 ms per call), and the request fails with a clear error instead.
 */
import vm from "node:vm";

/** The error a request gets when its validation ran out of time. */
export class ValidationTimeoutError extends Error {
  readonly statusCode = 422;
  constructor(readonly budgetMs: number) {
    super(
      `validation stopped after ${budgetMs} ms: a pattern in this connector's schema backtracks catastrophically on these values (onespec check warns about it: lint/regex-backtracking)`,
    );
  }
}

const holder = vm.createContext({
  work: undefined as undefined | (() => unknown),
  result: undefined as unknown,
});
const script = new vm.Script("result = work();");

/** Runs `work` synchronously, stopped after `budgetMs` with a ValidationTimeoutError. */
export function withinBudget<T>(work: () => T, budgetMs: number): T {
  holder.work = work;
  try {
    script.runInContext(holder, { timeout: budgetMs });
    return holder.result as T;
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT")
      throw new ValidationTimeoutError(budgetMs);
    throw error;
  } finally {
    holder.work = undefined;
    holder.result = undefined;
  }
}
