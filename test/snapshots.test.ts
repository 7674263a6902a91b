/**
 * Snapshots of each environment's chart: they make every change to the output visible in review.
 * The properties the output must have are stated in manifest-properties.test.ts.
 */
import { renderEnvironment } from '../lib/synth/render-environment';
import { projectConfig } from './support/project';

const { project, environments } = projectConfig();

test.each(environments.map((env) => [env.name, env] as const))('%s chart', (_name, env) => {
  expect(Object.fromEntries(renderEnvironment(project, env))).toMatchSnapshot();
});
