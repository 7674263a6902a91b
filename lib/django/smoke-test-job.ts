import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import { hardenedPodSpec } from '../common/pod';
import type { RunAsUser } from '../common/security';
import { ComponentServiceAccount } from '../common/service-account';
import {
  componentMetadata,
  recommendedLabels,
  type ComponentIdentity,
  type StackContext,
} from '../common/stack-context';

export interface SmokeTestJobProps {
  readonly ctx: StackContext;
  /** The Django image: it has Python, so no extra image is pulled for the check. */
  readonly image: string;
  readonly version: string;
  /** `http://<service>:<port><path>` of the web Service. */
  readonly url: string;
  /** An allowed host, sent as Host so production settings answer. */
  readonly host: string;
  /** The image's USER (the app contract's `image`). */
  readonly user: RunAsUser;
  /** Annotations that make it a post-deployment hook. @default none */
  readonly hookAnnotations?: Record<string, string>;
}

/** Python run inside the Job: retries for a minute, succeeds on any 2xx/3xx answer. */
const CHECK_SCRIPT = [
  'import sys, time, urllib.request',
  'url, host = sys.argv[1], sys.argv[2]',
  'for attempt in range(12):',
  '    try:',
  '        req = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})',
  '        with urllib.request.urlopen(req, timeout=5) as resp:',
  '            print("smoke test:", url, resp.status); sys.exit(0)',
  '    except Exception as exc:',
  '        print("attempt", attempt + 1, "failed:", exc); time.sleep(5)',
  'sys.exit(1)',
].join('\n');

/** After a sync: does the web Service answer? A failing check marks the sync failed in ArgoCD. */
export class SmokeTestJob extends Construct {
  public readonly identity: ComponentIdentity;

  public constructor(scope: Construct, id: string, props: SmokeTestJobProps) {
    super(scope, id);
    const { ctx } = props;
    this.identity = { component: 'smoke-test', software: 'django', version: props.version };
    const serviceAccount = new ComponentServiceAccount(this, 'ServiceAccount', { ctx, id: this.identity });
    new k8s.KubeJob(this, 'Job', {
      metadata: componentMetadata(ctx, this.identity, undefined, props.hookAnnotations),
      spec: {
        backoffLimit: 1,
        activeDeadlineSeconds: 180,
        ttlSecondsAfterFinished: 86400,
        template: {
          metadata: { labels: recommendedLabels(ctx, this.identity) },
          spec: hardenedPodSpec({
            serviceAccountName: serviceAccount.name,
            user: props.user,
            restartPolicy: 'Never',
            containers: [
              {
                name: 'smoke-test',
                image: props.image,
                // Overrides the entrypoint: the check needs no database.
                command: ['python', '-c', CHECK_SCRIPT, props.url, props.host],
                resources: {
                  requests: { cpu: '10m', memory: '32Mi', 'ephemeral-storage': '16Mi' },
                  limits: { cpu: '100m', memory: '64Mi', 'ephemeral-storage': '32Mi' },
                },
                writablePaths: [{ name: 'tmp', mountPath: '/tmp', sizeLimit: '16Mi' }],
              },
            ],
          }),
        },
      },
    });
  }
}
