/** Traffic out of the namespace, and how the pods are spread and prioritised. */
import * as z from '../zod';
import { EGRESS_COMPONENTS } from '../../common/components';
import { cidr, distinctList, dnsLabel, dnsSubdomain, networkPort } from '../primitives';

const egressRule = z.strictObject({
  /** Name of the NetworkPolicy suffix: `<product>-egress-<name>`. */
  name: dnsLabel.max(40),
  /** Why the components need it (Mailgun, Sentry, object storage...). */
  description: z.string().min(1),
  /** Components whose pods may send this traffic. */
  components: distinctList(z.enum(EGRESS_COMPONENTS), 'component').min(1),
  /** Networks they may reach. */
  cidrs: distinctList(cidr, 'network').min(1),
  /** Networks carved out of `cidrs` (the cluster's own ranges, say); each inside one of them. */
  except: distinctList(cidr, 'network').default([]),
  /** TCP ports they may reach there. */
  ports: distinctList(networkPort, 'port').min(1),
});

/** The cluster's ingress controller, DNS, API server and operators are in config/clusters/<name>.yaml. */
export const network = z
  .strictObject({
    /** Traffic to the outside world, per component. Nothing else leaves the namespace. */
    egress: z.array(egressRule).default([]),
  })
  .prefault({});

export const availability = z
  .strictObject({
    /** Spread replicas across zones (`topology.kubernetes.io/zone`) as well as nodes. */
    spreadAcrossZones: z.boolean().default(false),
    /** PriorityClass for the long-running pods. */
    priorityClassName: dnsSubdomain.optional(),
  })
  .prefault({});
