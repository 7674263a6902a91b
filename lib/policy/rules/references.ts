/**
 * References between objects resolve (selectors, Services, ports, HPAs, ServiceAccounts),
 * and names, namespaces, labels and API versions are well-formed.
 */
import { containerRule, objectRule, podRule, type PolicyRule } from '../policy-rule';
import { labelsOfPods, selectorOf, spec } from './helpers';
import { find, labelsMatch, podTemplate } from '../../common/workloads';

/** Stable API versions the charts may use (checklist API-STABLE). */
export const GA_API_VERSIONS = ['v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'policy/v1', 'autoscaling/v2'];
/** Custom resources the charts may create, by group and version. */
const CUSTOM_API_VERSIONS = ['argoproj.io/v1alpha1', 'external-secrets.io/v1', 'postgresql.cnpg.io/v1'];
const CLUSTER_SCOPED = ['Namespace'];
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

export const REFERENCE_RULES: readonly PolicyRule[] = [
  objectRule('API-STABLE', 'GA API versions only', 'kube-score', (o) =>
    GA_API_VERSIONS.includes(o.apiVersion) || CUSTOM_API_VERSIONS.includes(o.apiVersion)
      ? undefined
      : `uses ${o.apiVersion}`,
  ),
  objectRule('NAMESPACE', 'namespace set, not default', 'Checkov CKV_K8S_21', (o) => {
    if (CLUSTER_SCOPED.includes(o.kind))
      return o.metadata.namespace ? 'cluster-scoped kind with a namespace' : undefined;
    if (!o.metadata.namespace) return 'no namespace';
    return o.metadata.namespace === 'default' ? 'in the default namespace' : undefined;
  }),
  objectRule('LABEL-VALUES', 'label values valid', 'kube-score', (o) => {
    const all = { ...o.metadata.labels, ...(podTemplate(o)?.metadata.labels ?? {}) };
    return Object.entries(all).map(([k, v]) =>
      v.length <= 63 && LABEL_VALUE.test(v) ? undefined : `label ${k}="${v}" is invalid`,
    );
  }),
  objectRule('SELECTOR-MATCH', 'selector selects the pod template', 'kube-score, kube-linter', (o) => {
    const pod = podTemplate(o);
    const selector = selectorOf(o);
    if (!pod || o.kind === 'Job' || o.kind === 'CronJob') return undefined;
    return selector && labelsMatch(selector, pod.metadata.labels)
      ? undefined
      : 'selector does not select its pod template';
  }),
  objectRule(
    'SVC-SELECTS-POD',
    'Service selects a pod template',
    'kube-score, kube-linter',
    (o, ctx) => {
      const selector = spec<{ selector?: Record<string, string> }>(o).selector;
      if (!selector || Object.keys(selector).length === 0) return 'has no selector';
      return labelsOfPods(ctx.objects).some((l) => labelsMatch(selector, l)) ? undefined : 'selects no pod';
    },
    { kinds: ['Service'] },
  ),
  objectRule(
    'SVC-TARGET-PORT',
    'Service target ports are declared by the pods it selects',
    'kube-linter invalid-target-ports (format only), kube-score',
    (o, ctx) => {
      const s = spec<{
        selector?: Record<string, string>;
        ports?: Array<{ port: number; targetPort?: number | string }>;
      }>(o);
      if (!s.selector || Object.keys(s.selector).length === 0) return undefined;
      const pods = ctx.objects.flatMap((m) => {
        const pod = podTemplate(m);
        return pod && labelsMatch(s.selector ?? {}, pod.metadata.labels) ? [{ m, pod }] : [];
      });
      // The endpoints controller resolves a named targetPort in each pod's container ports and
      // leaves out a pod that lacks it (kubernetes pkg/controller/endpoint/endpoints_controller.go:
      // `podutil.FindPort` fails, `continue`).
      return (s.ports ?? []).flatMap((port) => {
        const target = port.targetPort ?? port.port;
        return pods.map(({ m, pod }) =>
          pod.spec.containers.some((c) =>
            (c.ports ?? []).some((cp) => cp.name === target || cp.containerPort === target),
          )
            ? undefined
            : `target port ${target} is not a container port of ${m.kind}/${m.metadata.name}`,
        );
      });
    },
    { kinds: ['Service'] },
  ),
  containerRule('PORT-NAMES', 'container ports named (IANA), unique, set', 'kube-linter', (c) => {
    const names = (c.ports ?? []).map((p) => p.name ?? '');
    return [
      ...(c.ports ?? []).map((p) => (p.containerPort ? undefined : 'port without containerPort')),
      ...names.map((n) => (PORT_NAME.test(n) ? undefined : `port name "${n}" is not an IANA service name`)),
      new Set(names).size === names.length ? undefined : 'duplicate port names',
    ];
  }),
  objectRule(
    'STS-HEADLESS',
    'StatefulSet names an existing headless Service',
    'kube-score',
    (o, ctx) => {
      const svc = find(ctx.objects, 'Service', spec<{ serviceName: string }>(o).serviceName)[0];
      return svc && spec<{ clusterIP?: string }>(svc).clusterIP === 'None'
        ? undefined
        : 'serviceName is not a headless Service';
    },
    { kinds: ['StatefulSet'] },
  ),
  objectRule(
    'HPA-TARGET',
    'HPA target exists',
    'kube-score',
    (o, ctx) => {
      const ref = spec<{ scaleTargetRef: { kind: string; name: string } }>(o).scaleTargetRef;
      return find(ctx.objects, ref.kind, ref.name).length === 1 ? undefined : `target ${ref.kind}/${ref.name} missing`;
    },
    { kinds: ['HorizontalPodAutoscaler'] },
  ),
  podRule('SA-REF', 'ServiceAccount exists; no deprecated serviceAccount field', 'kube-linter', (pod, _o, ctx) => [
    pod.spec.serviceAccount !== undefined ? 'uses the deprecated serviceAccount field' : undefined,
    find(ctx.objects, 'ServiceAccount', pod.spec.serviceAccountName).length === 1
      ? undefined
      : `ServiceAccount ${pod.spec.serviceAccountName} missing`,
  ]),
  containerRule('ENV-NO-DUP', 'no duplicate env names', 'kube-score, kube-linter', (c) => {
    const names = (c.env ?? []).map((e) => e.name);
    return names.filter((n, i) => names.indexOf(n) !== i).map((n) => `duplicate env ${n}`);
  }),
];
