/**
 * A Django product deployed with the construct library, in code and without YAML: what another
 * team writes in its own cdk8s project (with `../../lib` replaced by the package name).
 *
 *   npx ts-node examples/typescript/main.ts   # writes cdk8s.out/acme-demo.k8s.yaml
 */
import { App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { DjangoStack } from '../../lib';

/** One production-like environment: two web pods behind TLS, two workers, PostgreSQL with backups. */
export class AcmeChart extends Chart {
  public readonly stack: DjangoStack;

  public constructor(scope: Construct, id: string) {
    // Object names are explicit (`acme-web`...): no construct-path hashes to keep stable.
    super(scope, id, { disableResourceNameHashes: true });
    this.stack = new DjangoStack(this, 'acme', {
      product: 'acme',
      environment: 'demo',
      namespace: 'acme-demo',
      images: {
        app: { repository: 'ghcr.io/acme/acme-django', tag: '1.4.2' },
      },
      secrets: { name: 'acme-app' },
      mail: { mailgunDomain: 'mg.acme.example' },
      web: {
        autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 70 },
        ingress: { hosts: ['acme.example'], path: '/', clusterIssuer: 'letsencrypt' },
      },
      worker: { replicas: 2 },
      flower: false,
      docs: {
        image: { repository: 'ghcr.io/acme/acme-docs', tag: '1.4.2' },
        replicas: 2,
        ingress: { hosts: ['docs.acme.example'], path: '/', clusterIssuer: 'letsencrypt' },
      },
      database: { mode: 'statefulset', storageSize: '20Gi', backup: { retentionDays: 14 } },
      egress: [{ name: 'mailgun', components: ['web', 'worker', 'beat'], cidrs: ['0.0.0.0/0'], ports: [443] }],
      availability: { spreadAcrossZones: true },
      platform: {
        ingressClassName: 'nginx',
        ingressController: { namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
        dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
      },
    });
  }
}

if (require.main === module) {
  const app = new App({ outdir: 'cdk8s.out' });
  new AcmeChart(app, 'acme-demo');
  app.synth();
}
