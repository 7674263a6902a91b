import { createHash } from 'node:crypto';
import { Testing, type Chart } from 'cdk8s';
import { MountedFile } from '../../lib/common/mounted-file';
import type { Manifest } from '../../lib/common/manifest';
import { GunicornConfig } from '../../lib/django/gunicorn-config';
import { ctx, djangoChart } from './fixtures';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The ConfigMap of `name` as synthesized. */
function configMap(chart: Chart, name: string): Manifest & { data: Record<string, string> } {
  const found = (Testing.synth(chart) as Manifest[]).filter((m) => m.kind === 'ConfigMap' && m.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0] as Manifest & { data: Record<string, string> };
}

function mountedFile(chart: Chart, id: string, source: string): MountedFile {
  return new MountedFile(chart, id, {
    ctx,
    software: 'tool',
    configMapName: `shop-${id}`,
    volumeName: id,
    mountPath: `/etc/${id}`,
    fileName: 'conf.py',
    source,
  });
}

describe('MountedFile', () => {
  test('the ConfigMap holds the file; the pod mounts it read-only where said; the checksum is the sha256 of the file', () => {
    const chart = Testing.chart();
    const file = mountedFile(chart, 'tool-config', 'x = 1\n');
    expect(configMap(chart, 'shop-tool-config').data).toEqual({ 'conf.py': 'x = 1\n' });
    expect(file.volume()).toEqual({ name: 'tool-config', configMap: { name: 'shop-tool-config' } });
    expect(file.volumeMount()).toEqual({ name: 'tool-config', mountPath: '/etc/tool-config', readOnly: true });
    expect(file.podAnnotations()).toEqual({ 'checksum/tool-config': sha256('x = 1\n') });
  });

  test('another content gives another checksum, so the pods roll when the file changes', () => {
    const chart = Testing.chart();
    const before = mountedFile(chart, 'a', 'x = 1\n').podAnnotations()['checksum/a'];
    const after = mountedFile(chart, 'b', 'x = 2\n').podAnnotations()['checksum/b'];
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(after).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
  });

  test('the gunicorn configuration and the Celery probe module: checksum of the file the ConfigMap holds, flag names the mounted file', () => {
    const { chart, probes } = djangoChart();
    const gunicorn = new GunicornConfig(chart, 'Gunicorn', { ctx });
    const gunicornData = configMap(chart, gunicorn.configMapName).data;
    const [gunicornFile] = Object.keys(gunicornData);
    expect(gunicorn.podAnnotations()).toEqual({ 'checksum/gunicorn-config': sha256(gunicornData[gunicornFile]) });
    expect(gunicorn.flag()).toBe(`--config=${gunicorn.volumeMount().mountPath}/${gunicornFile}`);
    const probesData = configMap(chart, probes.configMapName).data;
    expect(Object.keys(probesData)).toEqual(['k8s_celery_probes.py']);
    expect(probes.podAnnotations()).toEqual({ 'checksum/celery-probes': sha256(probesData['k8s_celery_probes.py']) });
  });
});
