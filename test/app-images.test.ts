/**
 * The reference Dockerfiles build images that match what the manifests assume: user ids, ports,
 * working directory, entrypoint, and nothing written under a read-only root at run time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { DJANGO_USER, NGINX_UNPRIVILEGED_USER } from '../lib/common/security';
import { find, requirePodTemplate } from '../lib/policy/workloads';
import { environments, ROOT } from './support/project';

const APP = 'examples/app-repo';
const read = (file: string) => fs.readFileSync(path.join(ROOT, APP, file), 'utf8');
const parseDockerfile = (file: string) => DockerfileParser.parse(read(file));

/** Instructions of the last stage (the image that runs). */
function finalStage(dockerfile: Dockerfile): Array<{ keyword: string; args: string }> {
  const all = dockerfile
    .getInstructions()
    .map((i) => ({ keyword: i.getKeyword(), args: i.getArgumentsContent() ?? '' }));
  const lastFrom = all.map((i) => i.keyword).lastIndexOf('FROM');
  return all.slice(lastFrom);
}
const value = (stage: Array<{ keyword: string; args: string }>, keyword: string) =>
  stage.filter((i) => i.keyword === keyword).map((i) => i.args);

const django = finalStage(parseDockerfile('Dockerfile'));
const docs = finalStage(parseDockerfile('docs.Dockerfile'));

describe.each(environments().map((e) => [e.env.name, e] as const))(
  '%s manifests and the app image',
  (_name, { manifests, env }) => {
    const djangoContainers = manifests
      .filter((m) => ['Deployment', 'Job'].includes(m.kind))
      .map((m) => requirePodTemplate(m))
      .filter((pod) => pod.spec.containers[0].image.startsWith(env.images.app.repository));

    test('run as the user the Dockerfile declares', () => {
      expect(value(django, 'USER')).toEqual([`${DJANGO_USER.uid}:${DJANGO_USER.gid}`]);
      expect(read('Dockerfile')).toContain(`--uid ${DJANGO_USER.uid} --gid ${DJANGO_USER.gid}`);
      for (const pod of djangoContainers) {
        expect(pod.spec.containers[0].securityContext).toEqual(
          expect.objectContaining({ runAsUser: DJANGO_USER.uid, runAsGroup: DJANGO_USER.gid }),
        );
      }
    });

    test('web listens on the port the image exposes, in the working directory it uses', () => {
      const web = requirePodTemplate(find(manifests, 'Deployment', 'acme-web')[0]).spec.containers[0];
      expect(value(django, 'EXPOSE')).toEqual([String(web.ports?.[0].containerPort)]);
      expect(value(django, 'WORKDIR')).toEqual(['/app']);
      expect(web.args).toContain('--chdir=/app');
    });

    test('keeps the entrypoint (it waits for the database) and provides every variable it requires', () => {
      expect(value(django, 'ENTRYPOINT')).toEqual(['["/entrypoint"]']);
      const required = [...read('docker/entrypoint').matchAll(/\$\{(POSTGRES_[A-Z]+):\?/g)].map((m) => m[1]);
      expect(required.length).toBeGreaterThanOrEqual(4);
      const configMap = find(manifests, 'ConfigMap')[0] as unknown as { data: Record<string, string> };
      for (const pod of djangoContainers) {
        const container = pod.spec.containers[0];
        if (container.command) continue; // the smoke test bypasses the entrypoint on purpose
        const provided = new Set([...(container.env ?? []).map((e) => e.name), ...Object.keys(configMap.data)]);
        for (const variable of required) expect([variable, provided.has(variable)]).toEqual([variable, true]);
      }
    });

    test('needs no writable root: static files built in, no bytecode written, scratch only in /tmp', () => {
      expect(read('Dockerfile')).toMatch(/collectstatic --noinput/);
      expect(value(django, 'ENV').join(' ')).toContain('PYTHONDONTWRITEBYTECODE=1');
      expect(value(django, 'VOLUME')).toEqual([]);
      expect(value(django, 'CMD')[0]).toContain('--worker-tmp-dir=/dev/shm');
    });

    test('the docs image is nginx-unprivileged on the port and user the docs Deployment uses', () => {
      const deployment = find(manifests, 'Deployment', 'acme-docs')[0];
      if (!deployment) return;
      const container = requirePodTemplate(deployment).spec.containers[0];
      expect(value(docs, 'FROM')[0]).toMatch(/^docker\.io\/nginxinc\/nginx-unprivileged:\d+\.\d+\.\d+-alpine$/);
      expect(value(docs, 'USER')).toEqual([`${NGINX_UNPRIVILEGED_USER.uid}:${NGINX_UNPRIVILEGED_USER.gid}`]);
      expect(value(docs, 'EXPOSE')).toEqual([String(container.ports?.[0].containerPort)]);
      expect(container.securityContext).toEqual(expect.objectContaining({ runAsUser: NGINX_UNPRIVILEGED_USER.uid }));
    });
  },
);

test('base images are pinned to exact versions, never latest', () => {
  for (const file of ['Dockerfile', 'docs.Dockerfile']) {
    const text = read(file);
    const froms = [...text.matchAll(/^(?:ARG PYTHON_IMAGE=|FROM )(\S+)/gm)]
      .map((m) => m[1])
      .filter((f) => !f.startsWith('$') && !/^\w+$/.test(f));
    expect(froms.length).toBeGreaterThan(0);
    for (const image of froms) expect([file, image]).toEqual([file, expect.stringMatching(/:\d+\.\d+\.\d+[-\w.]*$/)]);
  }
});
