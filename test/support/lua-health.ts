/**
 * ArgoCD health scripts run in a real Lua VM, in a worker thread of the test's own process.
 *
 * Why a thread: wasmoon loads itself with a dynamic import, which jest's module sandbox refuses,
 * so it cannot run in the test file itself; a child process (as before) could outlive its test,
 * and a synchronous spawn with a wall-clock limit failed when the machine was busy, not hung.
 * A thread ends with `close()`: call it in afterAll (the test environment fails a file that leaves
 * one running). A script that never returns is a real hang: the test's own timeout fails it.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** What ArgoCD reads from the table a health script returns. */
export interface HealthResult {
  readonly status: string;
  readonly message?: string;
}

interface Answer {
  readonly id: number;
  readonly results?: HealthResult[];
  readonly error?: string;
}

/** One Lua worker thread; `run` may be called any number of times before `close`. */
export class LuaHealthRunner {
  private readonly worker = new Worker(path.join(__dirname, 'lua-health-worker.mjs'));
  private readonly pending = new Map<number, { resolve: (r: HealthResult[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor() {
    this.worker.on('message', (answer: Answer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (answer.error !== undefined) waiting?.reject(new Error(`Lua health script failed: ${answer.error}`));
      else waiting?.resolve(answer.results ?? []);
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`the Lua worker thread exited (code ${code})`)));
  }

  /** The script's result for each object, in order, each object being the global `obj`. */
  run(script: string, objects: readonly object[]): Promise<HealthResult[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, script, objects });
    });
  }

  /** Ends the thread; whatever is still waiting is rejected. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}
