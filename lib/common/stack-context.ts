/**
 * What every construct of one environment shares: where its objects live and how they are named
 * and labelled. Names are explicit (`<product>-<component>`), never construct-path hashes, so
 * moving a construct cannot silently change an immutable selector.
 */

/** Identity of one deployed environment of the product. */
export interface StackContext {
  /** Product name, prefix of every object name (`acme`). */
  readonly product: string;
  /** Environment name (`production`). */
  readonly environment: string;
  /** Namespace every namespaced object goes to. */
  readonly namespace: string;
  /** Helm release name that ArgoCD renders the chart with (`acme-production`). */
  readonly release: string;
}

export function stackContext(product: string, environment: string, namespace: string): StackContext {
  return { product, environment, namespace, release: `${product}-${environment}` };
}

/** `app.kubernetes.io/managed-by`: the tool that writes the manifests. */
export const MANAGED_BY = 'cdk8s';

/** Who a workload is, in the words of the Kubernetes recommended labels. */
export interface ComponentIdentity {
  /** Role in the product: `web`, `worker`, `database`... Also the object name suffix. */
  readonly component: string;
  /** The software that plays the role: `django`, `celery`, `postgresql`... */
  readonly software: string;
  /** Version of that software, normally the image tag. */
  readonly version?: string;
}

export function objectName(ctx: StackContext, component: string): string {
  return productObjectName(ctx.product, component);
}

/** `<product>-<suffix>`: how every object of the product is named, for code that has no context. */
export function productObjectName(product: string, suffix: string): string {
  return `${product}-${suffix}`;
}

/** The labels that select a component's pods; stable for the life of the Deployment. */
export function selectorLabels(ctx: StackContext, id: ComponentIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': id.software,
    'app.kubernetes.io/instance': ctx.release,
    'app.kubernetes.io/component': id.component,
  };
}

/** The full set of recommended labels for any object of the component. */
export function recommendedLabels(ctx: StackContext, id: ComponentIdentity): Record<string, string> {
  const labels: Record<string, string> = {
    ...selectorLabels(ctx, id),
    'app.kubernetes.io/part-of': ctx.product,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
  if (id.version !== undefined) labels['app.kubernetes.io/version'] = labelValue(id.version);
  return labels;
}

/** Object metadata for a namespaced object of the component. */
export function componentMetadata(
  ctx: StackContext,
  id: ComponentIdentity,
  name: string = objectName(ctx, id.component),
  annotations?: Record<string, string>,
): { name: string; namespace: string; labels: Record<string, string>; annotations?: Record<string, string> } {
  return {
    name,
    namespace: ctx.namespace,
    labels: recommendedLabels(ctx, id),
    ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

/** A string cut down to a valid label value (at most 63 characters, alphanumeric at both ends). */
export function labelValue(value: string): string {
  return value
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
