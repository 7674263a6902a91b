/**
 * The schema of `config/project.yaml`: what is shared by every environment (the product's name,
 * the Git repository ArgoCD reads, the ArgoCD instance that delivers it).
 */
import { z } from 'zod';
import { dnsLabel } from './primitives';

export const projectSchema = z.strictObject({
  product: z.strictObject({
    /** Prefix of every object name and `app.kubernetes.io/part-of`. Short: names get suffixes. */
    name: dnsLabel.max(30, 'must be at most 30 characters: object names add suffixes such as -migrate'),
    /** One sentence for Chart.yaml and the README matrix. */
    description: z.string().min(1).max(200),
  }),
});

export type ProjectConfig = z.infer<typeof projectSchema>;
