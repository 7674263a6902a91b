import type { Manifest } from '../common/manifest';
import { podTemplate, type Container, type PodTemplate } from '../common/workloads';

export type Tier = 'development' | 'staging' | 'production';

/** One finding of a rule, on one object (and container). */
export interface Violation {
  readonly kind: string;
  readonly name: string;
  readonly container?: string;
  readonly message: string;
}

/** The objects of one environment, as the rules see them. */
export interface PolicyContext {
  readonly objects: readonly Manifest[];
  readonly tier: Tier;
}

/** A check from the merged checklist (`manifest-checklist.md`), under the checklist's ID. */
export interface PolicyRule {
  readonly id: string;
  readonly title: string;
  /** The tools that check it (kube-score, kube-linter, Polaris, PSS, Checkov). */
  readonly source: string;
  /** Tiers the rule applies to. @default every tier */
  readonly tiers?: readonly Tier[];
  check(ctx: PolicyContext): Violation[];
}

type Finding = string | undefined | false;

/** A rule over each object (optionally of some kinds). */
export function objectRule(
  id: string,
  title: string,
  source: string,
  check: (object: Manifest, ctx: PolicyContext) => Finding | Finding[],
  options: { kinds?: string[]; tiers?: Tier[] } = {},
): PolicyRule {
  return {
    id,
    title,
    source,
    tiers: options.tiers,
    check: (ctx) =>
      ctx.objects
        .filter((o) => !options.kinds || options.kinds.includes(o.kind))
        .flatMap((o) => findings(check(o, ctx)).map((message) => ({ kind: o.kind, name: o.metadata.name, message }))),
  };
}

/** A rule over each pod template. */
export function podRule(
  id: string,
  title: string,
  source: string,
  check: (pod: PodTemplate, object: Manifest, ctx: PolicyContext) => Finding | Finding[],
  options: { kinds?: string[]; tiers?: Tier[] } = {},
): PolicyRule {
  return objectRule(
    id,
    title,
    source,
    (o, ctx) => {
      const pod = podTemplate(o);
      return pod ? check(pod, o, ctx) : undefined;
    },
    options,
  );
}

/** A rule over each container (init containers included). */
export function containerRule(
  id: string,
  title: string,
  source: string,
  check: (container: Container, pod: PodTemplate, object: Manifest) => Finding | Finding[],
  options: { kinds?: string[] } = {},
): PolicyRule {
  return {
    id,
    title,
    source,
    check: (ctx) =>
      ctx.objects
        .filter((o) => !options.kinds || options.kinds.includes(o.kind))
        .flatMap((o) => {
          const pod = podTemplate(o);
          if (!pod) return [];
          return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].flatMap((c) =>
            findings(check(c, pod, o)).map((message) => ({
              kind: o.kind,
              name: o.metadata.name,
              container: c.name,
              message,
            })),
          );
        }),
  };
}

function findings(result: Finding | Finding[]): string[] {
  return (Array.isArray(result) ? result : [result]).filter((f): f is string => typeof f === 'string');
}
