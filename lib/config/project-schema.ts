/**
 * The schema of `config/project.yaml`: what is shared by every environment (the product's name,
 * the Git repository ArgoCD reads, the ArgoCD instance that delivers it), and the names derived
 * from it that its refinement checks (`bootstrapName`, `appProjectDescription`).
 */
import * as z from './zod';
import { productObjectName } from '../common/stack-context';
import { APPPROJECT_DESCRIPTION, nameRuleProblem, PRODUCT_NAME_SUFFIXES } from './name-rules';
import { dnsLabel, dnsSubdomain, gitRevision, imageRepositoryProblem, prose } from './primitives';

/** A Git repository URL ArgoCD can clone: https or ssh, no credentials in it. */
const gitRepositoryUrl = z
  .string()
  .regex(
    /^(https:\/\/[a-z0-9.-]+(:[0-9]+)?(\/[A-Za-z0-9._~-]+)+?(\.git)?|git@[a-z0-9.-]+:[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*\.git|ssh:\/\/git@[a-z0-9.-]+(:[0-9]+)?(\/[A-Za-z0-9._~-]+)+\.git)$/,
    'must be an https:// or ssh Git URL without credentials, such as https://github.com/acme/deploy.git',
  );

/** The image repositories the app's pipelines push for a GitHub repository `owner/name`. */
export function ghcrRepositories(githubRepository: string): { app: string; docs: string } {
  // GHCR names are lower-case (the pipelines lower-case them the same way).
  const app = `ghcr.io/${githubRepository.toLowerCase()}`;
  return { app, docs: `${app}-docs` };
}

/** `owner/name` of a GitHub repository, whose image names the container runtimes accept. */
export const githubRepository = z
  .string()
  // abort: the image names are checked only for an owner/name that has the form.
  .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, {
    message: 'must be a GitHub repository as owner/name, such as acme/acme-django',
    abort: true,
  })
  .superRefine((repository, ctx) => {
    for (const image of Object.values(ghcrRepositories(repository))) {
      const problem = imageRepositoryProblem(image);
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', message: `gives the image name ${image}, which is refused: it ${problem}` });
        return;
      }
    }
  });

export const projectSchema = z
  .strictObject({
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
      /** One sentence for each Chart.yaml and the AppProject's description. */
      description: prose(200),
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
      bootstrapRevision: gitRevision.default('main'),
      /** Name prefix of the bootstrap objects. @default `<product>-delivery` */
      bootstrapName: dnsSubdomain.optional(),
    }),
  })
  .superRefine((project, ctx) => {
    // Names composed from several fields, checked as they end up (name-rules.ts).
    for (const [rule, suffixes] of PRODUCT_NAME_SUFFIXES) {
      const problem = suffixes
        .map((s) => nameRuleProblem(productObjectName(project.product.name, s), rule))
        .find(Boolean);
      if (problem !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['product', 'name'], message: problem });
        break;
      }
    }
    const description = appProjectDescription(project);
    if (description.length > APPPROJECT_DESCRIPTION.max) {
      // The description is the part to shorten, unless the URL alone leaves it no room.
      const room = APPPROJECT_DESCRIPTION.max - (description.length - project.product.description.length);
      ctx.addIssue({
        code: 'custom',
        path: room > 0 ? ['product', 'description'] : ['delivery', 'repoURL'],
        message: `${nameRuleProblem(description, APPPROJECT_DESCRIPTION)}${room > 0 ? `: shorten the description to at most ${room} characters` : ''}`,
      });
    }
    // The bootstrap's AppProject and the environments' AppProject are two objects of one kind.
    if (project.delivery.project === bootstrapName(project)) {
      ctx.addIssue({
        code: 'custom',
        path: ['delivery', project.delivery.bootstrapName === undefined ? 'project' : 'bootstrapName'],
        message: `"${project.delivery.project}" names both the environments' AppProject (delivery.project) and the bootstrap AppProject (delivery.bootstrapName, default <product>-delivery): give them different names`,
      });
    }
  });

export type ProjectConfig = z.infer<typeof projectSchema>;

/** Name of the bootstrap AppProject and Application: configured, else `<product>-delivery`. */
export function bootstrapName(project: Pick<ProjectConfig, 'product' | 'delivery'>): string {
  return project.delivery.bootstrapName ?? `${project.product.name}-delivery`;
}

/** `spec.description` of the environments' AppProject. */
export function appProjectDescription(project: Pick<ProjectConfig, 'product' | 'delivery'>): string {
  return `${project.product.description}: every environment, from ${project.delivery.repoURL}`;
}
