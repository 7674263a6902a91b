/**
 * Snapshots of each environment's chart: they make every change to the output visible in review.
 * The properties the output must have are stated in manifest-properties.test.ts.
 */
import { renderEnvironment } from '../lib/synth/render-environment';
import { environments, projectConfig } from './support/project';

const { project } = projectConfig();

test.each(environments().map(({ env, manifests }) => [env.name, env, manifests] as const))(
  '%s chart',
  (_name, env, manifests) => {
    expect(Object.fromEntries(renderEnvironment(project, env, manifests))).toMatchSnapshot();
  },
);
