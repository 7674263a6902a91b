/** The `sharedHosts` field of an environment file (checked with the routes, routes.ts). */
import * as z from '../zod';
import { distinctList, dnsLabel, hostName } from '../primitives';

/**
 * Public hosts served by two environments on two clusters at once: what a cluster migration
 * does while DNS moves from one to the other. Both environment files must name each other for
 * the host (lib/config/shared-hosts.ts refuses a host claimed on two clusters otherwise): a staging
 * environment taking production's host by mistake is refused. @default none
 */
export const sharedHosts = distinctList(
  z.strictObject({
    /** A host of this environment's Ingresses. */
    host: hostName,
    /** The environment on another cluster that serves the host too. */
    environment: dnsLabel,
  }),
  'host and environment',
).default([]);
