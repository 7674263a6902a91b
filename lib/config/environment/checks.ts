/** The checks across fields of one environment file, run after each field validated. */
import type * as z from '../zod';
import { CONFIG_KEYS } from '../../common/components';
import { isStrictSubnet, parseCidr } from '../../common/cidr';
import type { resources } from '../primitives';
import { parseQuantity } from '../../common/quantities';
import type { EnvironmentFile } from './fields';

type Ctx = z.RefinementCtx;

/** Every `resources` block in the file, with its path (the registry's component sections). */
export function resourceBlocks(env: EnvironmentFile): Array<[(string | number)[], z.infer<typeof resources>]> {
  return CONFIG_KEYS.flatMap((key) => {
    const section: unknown = env[key as keyof EnvironmentFile];
    return typeof section === 'object' && section !== null && 'resources' in section
      ? [[[key], section.resources as z.infer<typeof resources>] as [string[], z.infer<typeof resources>]]
      : [];
  });
}

export function checkResources(env: EnvironmentFile, ctx: Ctx): void {
  for (const [path, block] of resourceBlocks(env)) {
    const { requests, limits } = block;
    // The object-level checks run even when a field failed (zod reports every issue at once), so
    // a quantity that did not parse is skipped here: its own field already reports it.
    const above = (request: string, limit: string | undefined) => {
      const [r, l] = [parseQuantity(request), limit === undefined ? undefined : parseQuantity(limit)];
      return r !== undefined && l !== undefined && r.value > l.value;
    };
    if (above(requests.cpu, limits.cpu)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'resources', 'requests', 'cpu'],
        message: `request ${requests.cpu} is above the limit ${limits.cpu}`,
      });
    }
    for (const key of ['memory', 'ephemeral-storage'] as const) {
      if (above(requests[key], limits[key])) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'resources', 'requests', key],
          message: `request ${requests[key]} is above the limit ${limits[key]}`,
        });
      }
    }
  }
}

export function checkTierRules(env: EnvironmentFile, ctx: Ctx): void {
  if (env.tier === 'production' && env.mailCatcher.enabled) {
    ctx.addIssue({
      code: 'custom',
      path: ['mailCatcher', 'enabled'],
      message: 'a mail catcher must not run in production: it would swallow every mail to customers',
    });
  }
  if (env.tier !== 'development') {
    const webMin = env.web.autoscaling?.minReplicas ?? env.web.replicas;
    if (webMin < 2) {
      ctx.addIssue({
        code: 'custom',
        path: env.web.autoscaling ? ['web', 'autoscaling', 'minReplicas'] : ['web', 'replicas'],
        message: `must be at least 2 in a ${env.tier} environment so a node drain or rollout never stops serving`,
      });
    }
    if (env.web.ingress === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['web', 'ingress'],
        message: `is required in a ${env.tier} environment: users reach the app through an Ingress with TLS`,
      });
    }
  }
}

export function checkWeb(env: EnvironmentFile, ctx: Ctx): void {
  const { autoscaling, service } = env.web;
  if (autoscaling && autoscaling.maxReplicas <= autoscaling.minReplicas) {
    ctx.addIssue({
      code: 'custom',
      path: ['web', 'autoscaling', 'maxReplicas'],
      message: `must be above minReplicas (${autoscaling.minReplicas}) or there is nothing to scale`,
    });
  }
  if (service.nodePort !== undefined && service.type !== 'NodePort') {
    ctx.addIssue({
      code: 'custom',
      path: ['web', 'service', 'nodePort'],
      message: 'is only allowed when service.type is NodePort',
    });
  }
  if (env.web.ingress === undefined && env.django.allowedHosts === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['django', 'allowedHosts'],
      message: 'is required when web has no ingress: Django needs at least one allowed host',
    });
  }
  if (env.media.enabled && env.media.accessMode === 'ReadWriteOnce') {
    const webPods = env.web.autoscaling
      ? `an autoscaler (up to ${env.web.autoscaling.maxReplicas})`
      : `${env.web.replicas} replicas`;
    if (env.web.autoscaling || env.web.replicas > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['media', 'accessMode'],
        message: `ReadWriteOnce cannot be shared by web with ${webPods}: a second pod on another node never starts (Multi-Attach error); use ReadWriteMany or one web replica`,
      });
    }
  }
  // extraSettings is checked against the app contract (lib/config/app-checks.ts).
}

export function checkData(env: EnvironmentFile, ctx: Ctx): void {
  const db = env.database;
  if (env.tier === 'production') {
    if ((db.mode === 'statefulset' || db.mode === 'cloudnativepg') && db.backup === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'backup'],
        message: 'is required in production: a database without scheduled backups is refused',
      });
    }
    if (db.mode === 'external' && !db.backupsManagedByProvider) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'backupsManagedByProvider'],
        message: 'must be true in production: confirm the provider takes scheduled backups',
      });
    }
    if (db.mode === 'cloudnativepg' && db.instances < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'instances'],
        message: 'must be at least 2 in production so a node failure fails over instead of going down',
      });
    }
  }
  if (db.mode === 'external' && env.secrets.mode === 'external-secrets' && db.remoteKey === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['database', 'remoteKey'],
      message: 'is required when secrets come from External Secrets: the database Secret is synced like the app Secret',
    });
  }
  // Skipped when the limit did not parse: its own field reports it (see checkResources).
  const redisLimit = parseQuantity(env.redis.resources.limits.memory);
  if (redisLimit !== undefined && redisLimit.value < 64 * 2 ** 20) {
    ctx.addIssue({
      code: 'custom',
      path: ['redis', 'resources', 'limits', 'memory'],
      message: 'must be at least 64Mi: Redis sets maxmemory to a share of it (lib/backing/redis-memory.ts)',
    });
  }
  env.network.egress.forEach((rule, index) => {
    const networks = rule.cidrs.map(parseCidr);
    rule.except.forEach((text, i) => {
      const inner = parseCidr(text);
      if (inner && !networks.some((outer) => outer !== undefined && isStrictSubnet(inner, outer)))
        ctx.addIssue({
          code: 'custom',
          path: ['network', 'egress', index, 'except', i],
          // kubernetes pkg/apis/networking/validation ValidateIPBlock refuses such an ipBlock.
          message: `${text} lies inside none of the rule's cidrs (${rule.cidrs.join(', ')}): Kubernetes requires every except to be a strict subset of its cidr`,
        });
    });
  });
  const names = env.network.egress.map((rule) => rule.name);
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index) {
      ctx.addIssue({ code: 'custom', path: ['network', 'egress', index, 'name'], message: `"${name}" is used twice` });
    }
  });
}
