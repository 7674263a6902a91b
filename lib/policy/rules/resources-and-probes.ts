/**
 * Resources and probes: every container requests and limits CPU, memory and ephemeral
 * storage, and long-running ones have distinct, declared readiness and liveness probes.
 */
import { containerRule, type PolicyRule } from '../policy-rule';
import { LONG_RUNNING_KINDS, type Probe } from '../../common/workloads';
import { bytes } from '../../common/quantities';

const probePort = (p: Probe | undefined) => p?.httpGet?.port ?? p?.tcpSocket?.port ?? p?.grpc?.port;

export const RESOURCE_AND_PROBE_RULES: readonly PolicyRule[] = [
  containerRule('CPU-REQ', 'CPU request', 'kube-score, kube-linter, Polaris, Checkov CKV_K8S_10', (c) =>
    c.resources?.requests?.cpu ? undefined : 'no CPU request',
  ),
  containerRule('MEM-REQ', 'memory request', 'kube-score, kube-linter, Polaris, Checkov CKV_K8S_12', (c) =>
    c.resources?.requests?.memory ? undefined : 'no memory request',
  ),
  containerRule('MEM-LIM', 'memory limit', 'kube-score, kube-linter, Polaris, Checkov CKV_K8S_13', (c) =>
    c.resources?.limits?.memory ? undefined : 'no memory limit',
  ),
  containerRule('CPU-LIM', 'CPU limit', 'kube-score, Polaris, Checkov CKV_K8S_11', (c) =>
    c.resources?.limits?.cpu ? undefined : 'no CPU limit',
  ),
  containerRule('EPHEMERAL', 'ephemeral-storage request and limit', 'kube-score', (c) => {
    const request = c.resources?.requests?.['ephemeral-storage'];
    const limit = c.resources?.limits?.['ephemeral-storage'];
    if (!request || !limit) return 'no ephemeral-storage request and limit';
    return bytes(request) <= bytes(limit) ? undefined : 'ephemeral-storage request above limit';
  }),
  containerRule(
    'READINESS',
    'readiness probe on long-running containers',
    'kube-score, Polaris, Checkov CKV_K8S_9',
    (c) => (c.readinessProbe ? undefined : 'no readinessProbe'),
    { kinds: LONG_RUNNING_KINDS },
  ),
  containerRule(
    'LIVENESS',
    'liveness probe on long-running containers',
    'Polaris, Checkov CKV_K8S_8',
    (c) => (c.livenessProbe ? undefined : 'no livenessProbe'),
    { kinds: LONG_RUNNING_KINDS },
  ),
  containerRule(
    'PROBES-DIFFER',
    'readiness and liveness probes differ',
    'kube-score',
    (c) =>
      c.readinessProbe && JSON.stringify(c.readinessProbe) === JSON.stringify(c.livenessProbe)
        ? 'identical probes'
        : undefined,
    { kinds: LONG_RUNNING_KINDS },
  ),
  containerRule('PROBE-PORT', 'probe ports are declared', 'kube-linter', (c) =>
    [c.readinessProbe, c.livenessProbe, c.startupProbe].map((p) => {
      const port = probePort(p);
      if (port === undefined) return undefined;
      const declared = (c.ports ?? []).some((cp) => cp.name === port || cp.containerPort === port);
      return declared ? undefined : `probe port ${port} is not a container port`;
    }),
  ),
  containerRule('PROBE-HOST', 'probes and lifecycle handlers set no host', 'PSS baseline (1.34+)', (c) =>
    [c.readinessProbe, c.livenessProbe, c.startupProbe].map((p) =>
      p?.httpGet?.host !== undefined || p?.tcpSocket?.host !== undefined ? 'probe sets host' : undefined,
    ),
  ),
];
