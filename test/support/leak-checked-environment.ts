/**
 * The environment of every test file (jest.config.js): Node's, plus a check that the file leaves
 * nothing running. A child process, timer, server, socket or worker thread still holding the event
 * loop after the file's last test and afterAll hook is what made jest force-kill its workers ("a
 * worker process has failed to exit gracefully") and what keeps working on a busy machine after
 * the test that started it has given up. Such a leftover fails the file, by resource type.
 */
import { TestEnvironment } from 'jest-environment-node';
import { WORKER_CACHE_KEY } from './worker-cache';

/** The worker's cache (worker-cache.ts): this module is loaded once per worker, outside the files' contexts. */
const workerCache = new Map<string, unknown>();

/** Resources that keep the event loop alive, counted by type (Node's process.getActiveResourcesInfo). */
function activeResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

/** Turns of the event loop given to handles a test closed without waiting for (their close callbacks run on a later turn). */
const SETTLE_TURNS = 3;

/** What ran after `baseline` was taken and is still there: "ProcessWrap ×1", ... */
export function leftovers(baseline: ReadonlyMap<string, number>, now: ReadonlyMap<string, number>): string[] {
  return [...now]
    .filter(([type, count]) => count > (baseline.get(type) ?? 0))
    .map(([type, count]) => `${type} ×${count - (baseline.get(type) ?? 0)}`);
}

export default class LeakCheckedEnvironment extends TestEnvironment {
  private baseline: Map<string, number> = new Map();

  override async setup(): Promise<void> {
    await super.setup();
    this.global[WORKER_CACHE_KEY] = workerCache;
    this.baseline = activeResources();
  }

  /** jest-circus calls this for each event; `run_finish` comes after the last afterAll hook. */
  async handleTestEvent(event: { name: string }, state: { unhandledErrors: unknown[] }): Promise<void> {
    if (event.name !== 'run_finish') return;
    for (let turn = 0; turn < SETTLE_TURNS; turn++) await new Promise((resolve) => setImmediate(resolve));
    const left = leftovers(this.baseline, activeResources());
    if (left.length > 0) {
      const message =
        `left running after the last test: ${left.join(', ')}. End every child process, timer, server and ` +
        'worker the tests start (await its exit, or close it in afterAll); `npx jest --detectOpenHandles <file>` ' +
        'shows where each was created.';
      const error = new Error(message);
      error.stack = message; // where this check runs says nothing about the leak
      state.unhandledErrors.push(error);
    }
  }
}
