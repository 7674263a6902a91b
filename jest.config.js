/** @type {import('jest').Config} */
module.exports = {
  // Node's environment, plus a check that each test file leaves no process, timer or server running.
  testEnvironment: '<rootDir>/test/support/leak-checked-environment.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  // Each worker is a Node process on a 2-core machine; more would only contend.
  maxWorkers: 2,
  // Timeouts catch real hangs, never a busy machine: a hung test fails after 5 minutes (CI's job
  // limit is 20), while a slow one under load still passes.
  testTimeout: 300_000,
  // A worker whose test files all passed the leak check (the environment above) holds only what it
  // started with, yet on a loaded 2-core machine Node and V8 can take longer than jest's default
  // 500 ms to shut down: two parallel full runs, every file clean, still printed "a worker process
  // has failed to exit gracefully". 30 s separates a slow exit from a stuck one.
  workerGracefulExitTimeout: 30_000,
};
