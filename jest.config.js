/** @type {import('jest').Config} */
module.exports = {
  // Node's environment, plus a check that each test file leaves no process, timer or server running.
  testEnvironment: '<rootDir>/test/support/leak-checked-environment.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  // Each worker is a Node process on a 2-core machine; more would only contend.
  maxWorkers: 2,
  testTimeout: 60000,
};
