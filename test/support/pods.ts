/** The manifest views of lib/policy, re-exported for the tests. */
export {
  allContainers,
  find,
  labelsMatch,
  LONG_RUNNING_KINDS,
  podTemplate,
  quantity,
  requirePodTemplate,
  WORKLOAD_KINDS,
  type Container,
  type PodSpec,
  type PodTemplate,
  type Probe,
} from '../../lib/policy/workloads';
