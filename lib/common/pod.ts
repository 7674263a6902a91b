/**
 * Hardened pod specs. Every workload of the charts goes through `hardenedPodSpec`, so the Pod
 * Security "restricted" profile, dropped capabilities, seccomp, read-only root filesystems and
 * resources are applied in one place and cannot be forgotten by a new component.
 */
import { k8s } from 'cdk8s-plus-27';
import type { ContainerResources } from './resources';
import type { RunAsUser } from './security';

/** A scratch directory a container may write under its read-only root (an emptyDir). */
export interface WritablePath {
  /** Volume name, unique in the pod. */
  readonly name: string;
  readonly mountPath: string;
  /** Upper bound of what may be written; the pod is evicted past it. */
  readonly sizeLimit: string;
  /** Keep it in RAM (counts against the memory limit). @default false */
  readonly inMemory?: boolean;
}

/** One container, in the terms the constructs think in. */
export interface ContainerOptions {
  readonly name: string;
  readonly image: string;
  /** Replaces the image ENTRYPOINT. Leave unset to keep the image's entrypoint (it waits for the database). */
  readonly command?: string[];
  readonly args?: string[];
  readonly ports?: k8s.ContainerPort[];
  readonly env?: k8s.EnvVar[];
  readonly envFrom?: k8s.EnvFromSource[];
  readonly resources: ContainerResources;
  readonly startupProbe?: k8s.Probe;
  readonly readinessProbe?: k8s.Probe;
  readonly livenessProbe?: k8s.Probe;
  readonly lifecycle?: k8s.Lifecycle;
  readonly writablePaths?: WritablePath[];
  /** Mounts of volumes the pod declares itself (PVCs). */
  readonly volumeMounts?: k8s.VolumeMount[];
}

export interface PodOptions {
  readonly serviceAccountName: string;
  readonly user: RunAsUser;
  readonly containers: ContainerOptions[];
  /** Volumes other than the writable scratch paths (those are derived from the containers). */
  readonly volumes?: k8s.Volume[];
  /** @default 30 (the Kubernetes default, written out) */
  readonly terminationGracePeriodSeconds?: number;
  /** @default 'Always' */
  readonly restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  readonly affinity?: k8s.Affinity;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  readonly priorityClassName?: string;
}

export function toResourceRequirements(resources: ContainerResources): k8s.ResourceRequirements {
  const q = (value: string) => k8s.Quantity.fromString(value);
  const limits: Record<string, k8s.Quantity> = {
    memory: q(resources.limits.memory),
    'ephemeral-storage': q(resources.limits['ephemeral-storage']),
  };
  if (resources.limits.cpu !== undefined) limits.cpu = q(resources.limits.cpu);
  return {
    requests: {
      cpu: q(resources.requests.cpu),
      memory: q(resources.requests.memory),
      'ephemeral-storage': q(resources.requests['ephemeral-storage']),
    },
    limits,
  };
}

function hardenedContainer(options: ContainerOptions, user: RunAsUser): k8s.Container {
  const scratchMounts = (options.writablePaths ?? []).map((p) => ({ name: p.name, mountPath: p.mountPath }));
  const mounts = [...scratchMounts, ...(options.volumeMounts ?? [])];
  return {
    name: options.name,
    image: options.image,
    // Tags are pinned and validated; Always still re-checks the registry so a pod never runs
    // an image its pull secret no longer grants.
    imagePullPolicy: 'Always',
    command: options.command,
    args: options.args,
    ports: options.ports,
    env: options.env && options.env.length > 0 ? options.env : undefined,
    envFrom: options.envFrom,
    resources: toResourceRequirements(options.resources),
    startupProbe: options.startupProbe,
    readinessProbe: options.readinessProbe,
    livenessProbe: options.livenessProbe,
    lifecycle: options.lifecycle,
    volumeMounts: mounts.length > 0 ? mounts : undefined,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: user.uid,
      runAsGroup: user.gid,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}

export function hardenedPodSpec(options: PodOptions): k8s.PodSpec {
  const scratch = new Map<string, WritablePath>();
  for (const container of options.containers) {
    for (const p of container.writablePaths ?? []) scratch.set(p.name, p);
  }
  const volumes: k8s.Volume[] = [
    ...[...scratch.values()].map((p) => ({
      name: p.name,
      emptyDir: { sizeLimit: k8s.Quantity.fromString(p.sizeLimit), ...(p.inMemory ? { medium: 'Memory' } : {}) },
    })),
    ...(options.volumes ?? []),
  ];
  return {
    serviceAccountName: options.serviceAccountName,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    restartPolicy: options.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: options.terminationGracePeriodSeconds ?? 30,
    priorityClassName: options.priorityClassName,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: options.user.uid,
      runAsGroup: options.user.gid,
      fsGroup: options.user.gid,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    },
    affinity: options.affinity,
    topologySpreadConstraints: options.topologySpreadConstraints,
    containers: options.containers.map((c) => hardenedContainer(c, options.user)),
    volumes: volumes.length > 0 ? volumes : undefined,
  };
}

/** An exec probe that runs `script` in a POSIX shell (needed for `$VAR` expansion). */
export function shellProbe(script: string, timing: ProbeTiming): k8s.Probe {
  return { exec: { command: ['sh', '-c', script] }, ...timing };
}

export interface ProbeTiming {
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
  readonly initialDelaySeconds?: number;
  readonly successThreshold?: number;
}

export function tcpProbe(portName: string, timing: ProbeTiming): k8s.Probe {
  return { tcpSocket: { port: k8s.IntOrString.fromString(portName) }, ...timing };
}

export function envValue(name: string, value: string): k8s.EnvVar {
  return { name, value };
}

export function envFromSecret(name: string, secret: string, key: string = name, optional?: boolean): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key, ...(optional ? { optional: true } : {}) } } };
}
