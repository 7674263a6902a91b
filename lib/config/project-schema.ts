/**
 * The schema of `config/project.yaml`: what is shared by every environment (the product's name,
 * the Git repository ArgoCD reads, the ArgoCD instance that delivers it).
 */
import * as z from './zod';
import { dnsLabel, dnsSubdomain } from './primitives';

/** A Git repository URL ArgoCD can clone: https or ssh, no credentials in it. */
const gitRepositoryUrl = z
  .string()
  .regex(
    /^(https:\/\/[a-z0-9.-]+(:[0-9]+)?(\/[A-Za-z0-9._~-]+)+?(\.git)?|git@[a-z0-9.-]+:[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*\.git|ssh:\/\/git@[a-z0-9.-]+(:[0-9]+)?(\/[A-Za-z0-9._~-]+)+\.git)$/,
    'must be an https:// or ssh Git URL without credentials, such as https://github.com/acme/deploy.git',
  );

/** `owner/name` of a GitHub repository. */
const githubRepository = z
  .string()
  .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be a GitHub repository as owner/name, such as acme/acme-django');

export const projectSchema = z.strictObject({
  /**
   * The app repository. Its pipelines push `ghcr.io/<owner>/<name>` (the Django image) and
   * `ghcr.io/<owner>/<name>-docs`, lowercased as GHCR requires; every environment pulls those
   * names unless its file sets `images.<app|docs>.repository`. @default none: every environment
   * file must name its repositories
   */
  app: z.strictObject({ githubRepository }).optional(),
  product: z.strictObject({
    /** Prefix of every object name and `app.kubernetes.io/part-of`. Short: names get suffixes. */
    name: dnsLabel.max(30, 'must be at most 30 characters: object names add suffixes such as -migrate'),
    /** One sentence for Chart.yaml and the README matrix. */
    description: z.string().min(1).max(200),
  }),
  delivery: z.strictObject({
    /** This repository, as ArgoCD clones it. */
    repoURL: gitRepositoryUrl,
    /** Namespace ArgoCD runs in (where Applications and AppProjects live). */
    argocdNamespace: dnsLabel.default('argocd'),
    /** The AppProject every environment's Application belongs to. */
    project: dnsLabel.default('default').refine((name) => name !== 'default', {
      message: 'must not be "default": the default AppProject admits everything',
    }),
    /** Branch or tag the bootstrap Application (which manages dist/argocd/) tracks. */
    bootstrapRevision: z.string().default('main'),
    /** Name prefix of the bootstrap objects. @default `<product>-delivery` */
    bootstrapName: dnsSubdomain.optional(),
  }),
});

export type ProjectConfig = z.infer<typeof projectSchema>;

/** The image repositories the app's pipelines push, or undefined when the project names no app. */
export function appImageRepositories(project: ProjectConfig): { app: string; docs: string } | undefined {
  if (!project.app) return undefined;
  const app = `ghcr.io/${project.app.githubRepository.toLowerCase()}`;
  return { app, docs: `${app}-docs` };
}
