/**
 * The operator CLI: `npm run cli -- <command>`. Every command has `--help`; refusals print one
 * line on stderr and exit 1 without changing anything; so does an internal error (a bug), whose
 * stack is printed only with DEBUG=1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { ConfigError } from './lib/config/config-error';
import { loadAppContract, loadConfig, type LoadedConfig } from './lib/config/load';
import { buildTimeSettings } from './lib/app/app-processes';
import type { RenderedEnvironment } from './lib/common/manifest';
import type { EnvironmentConfig } from './lib/config/environment-schema';
import { CliError } from './lib/cli/cli-error';
import { writeOrCheck } from './lib/cli/generated-files';
import { checkApp } from './lib/check-app/check-app';
import { formatCheckApp } from './lib/check-app/format-check-app';
import { appContractFromCheckout } from './lib/init-app/app-contract-from-checkout';
import { formatInitApp } from './lib/init-app/format-init-app';
import { writeAppFile } from './lib/init-app/write-app-file';
import { environmentMatrix, MATRIX_FILE } from './lib/synth/environment-matrix';
import { readTreeAtRef } from './lib/cli/git-tree';
import { diffTrees, formatChanges, formatChangesMarkdown } from './lib/cli/manifest-diff';
import { formatImmutableChanges, formatImmutableChangesMarkdown, immutableChanges } from './lib/synth/immutable-fields';
import { IMAGE_COMPONENTS, setImage } from './lib/cli/set-image';
import { evaluateRule, formatViolation } from './lib/policy/evaluate';
import { policyExceptions } from './lib/policy/exceptions';
import { RULES } from './lib/policy/rules';
import { referenceFiles } from './lib/reference/reference-files';
import { TRIVY_DATA_FILE, TRIVY_IGNORE_FILE, trivyConfigFiles } from './lib/policy/scanner-config';
import { CHARTS, environmentManifests } from './charts/render';
import { synthesize, synthesizeAll } from './lib/synth/synthesize';
import { writeSynthesis } from './lib/synth/write-synthesis';
import { readTree } from './lib/synth/write-tree';
import { pythonModule } from './lib/config/app-schema';

export interface CliIo {
  readonly root: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** Every environment of the configuration with the objects its chart renders. */
const rendered = (config: LoadedConfig): RenderedEnvironment<EnvironmentConfig>[] =>
  config.environments.map((env) => ({ env, manifests: environmentManifests(config.project, env) }));

const progress = (io: CliIo) => (step: number, total: number, what: string) =>
  io.err(`[${step}/${total}] synthesizing ${what}\n`);

/** Refuses a --settings value that is not a dotted module path. */
function checkModuleName(module: string): void {
  if (!pythonModule.safeParse(module).success) {
    throw new CliError(`--settings ${module}: must be a dotted module path such as config.settings.production`);
  }
}

export function buildCli(io: CliIo): Command {
  const program = new Command('deploy')
    .description('Operate the Django deployment: synthesize charts, promote images, review changes')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();

  program
    .command('synth')
    .description('validate config/ and write dist/ (one Helm chart per environment and the ArgoCD objects)')
    .option('--strict', 'refuse (and write nothing) when a StatefulSet changes a field Kubernetes will not update')
    .action((options: { strict?: boolean }) => {
      const result = synthesizeAll(io.root, { charts: CHARTS, onProgress: progress(io) });
      const { immutable, written } = writeSynthesis(io.root, result, { strict: options.strict });
      io.err(formatImmutableChanges(immutable));
      if (!written)
        throw new CliError(
          `--strict: ${immutable.length} StatefulSet change(s) need the runbook above; dist/ left unchanged`,
        );
      io.out(`synthesized ${result.dist.size} files into dist/ and wrote ${MATRIX_FILE}\n`);
    });

  program
    .command('set-image')
    .description("set one component's image tag in one environment, then synthesize")
    .requiredOption('-e, --env <environment>', 'environment name (a file in config/environments/)')
    .addOption(new Option('-c, --component <component>', 'whose image').choices(IMAGE_COMPONENTS).makeOptionMandatory())
    .requiredOption('-t, --tag <tag>', 'the new, immutable tag (never latest)')
    .option('--digest <sha256:...>', 'also pin the image by digest')
    .action((options: { env: string; component: string; tag: string; digest?: string }) => {
      const result = setImage(
        io.root,
        { environment: options.env, component: options.component, tag: options.tag, digest: options.digest },
        { charts: CHARTS, onProgress: progress(io) },
      );
      io.out(
        `${result.file}: images.${options.component}.tag ${result.previousTag ?? '(default)'} -> ${options.tag}\n` +
          `dist/: ${result.changedFiles.length} file(s) changed${result.changedFiles.map((f) => `\n  ${f}`).join('')}\n`,
      );
    });

  program
    .command('diff')
    .description('show, object by object, how a fresh synth differs from the committed dist/')
    .option('-e, --env <environment...>', 'only these environments (or argocd); default all')
    .option('--base <git-ref>', "compare dist/ as committed at this revision with this working tree's dist/ instead")
    .option('--markdown', 'print Markdown (for a job summary or a pull-request comment)')
    .option('--exit-code', 'exit 1 when there are differences')
    .option('--strict', 'exit 1 when a StatefulSet changes a field Kubernetes will not update')
    .action((options: { env?: string[]; base?: string; markdown?: boolean; exitCode?: boolean; strict?: boolean }) => {
      const current = readTree(path.join(io.root, 'dist'));
      const [before, after, title] = options.base
        ? [readTreeAtRef(io.root, options.base, 'dist'), current, `Manifest changes against ${options.base}`]
        : [
            current,
            synthesize(io.root, { charts: CHARTS, onProgress: progress(io) }),
            'Committed dist/ against a fresh synth',
          ];
      const scopes = options.env ? new Set(options.env) : undefined;
      const known = new Set([...before.keys(), ...after.keys()].map((f) => f.split('/')[0]));
      for (const scope of scopes ?? []) {
        if (!known.has(scope))
          throw new CliError(`unknown environment "${scope}": choose from ${[...known].join(', ')}`);
      }
      const changes = diffTrees(before, after, scopes, options.base ? [options.base, 'working-tree'] : undefined);
      const immutable = immutableChanges(before, after, scopes);
      io.out(
        options.markdown
          ? formatImmutableChangesMarkdown(immutable) + formatChangesMarkdown(changes, title)
          : formatChanges(changes, options.base ? `no differences: dist/ is as at ${options.base}` : undefined) +
              formatImmutableChanges(immutable),
      );
      if ((options.exitCode && changes.length > 0) || (options.strict && immutable.length > 0)) process.exitCode = 1;
    });

  program
    .command('docs')
    .description(
      `write the environment matrix (components, images, replicas, resources, hosts, modes) to ${MATRIX_FILE}, and the configuration and policy references generated from the schemas and rules to docs/reference/`,
    )
    .option('--check', 'do not write: exit 1 if a file is out of date')
    .option('--stdout', 'print instead of writing')
    .action((options: { check?: boolean; stdout?: boolean }) => {
      const config = loadConfig(io.root);
      const matrix = environmentMatrix(rendered(config));
      if (options.stdout) return io.out(matrix);
      const files = new Map([[MATRIX_FILE, matrix], ...referenceFiles(io.root)]);
      writeOrCheck(io.root, files, { check: options.check, command: 'docs', out: io.out });
    });

  program
    .command('check-app')
    .description(
      "read an app checkout's Django settings and report each variable read without a default that an environment's Django containers do not get",
    )
    .argument('<app>', 'path of the app checkout (the folder holding manage.py)')
    .option('--settings <module>', "settings module to read (default: each environment's django.settingsModule)")
    .action((app: string, options: { settings?: string }) => {
      if (options.settings !== undefined) checkModuleName(options.settings);
      const config = loadConfig(io.root);
      let result;
      try {
        result = checkApp(path.resolve(io.root, app), rendered(config), options.settings);
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        throw new CliError((error as Error).message);
      }
      io.out(formatCheckApp(result));
      if (result.gaps.length + result.missing.length > 0) process.exitCode = 1;
    });

  program
    .command('init-app')
    .description(
      "write config/app.yaml (the app contract) from a cookiecutter-django checkout's settings, and print what it found",
    )
    .argument('<app>', 'path of the app checkout (the folder holding manage.py)')
    .option('--settings <module...>', 'settings module(s) the environments run', ['config.settings.production'])
    .option('--force', 'replace config/app.yaml even when it was edited by hand')
    .action((app: string, options: { settings: string[]; force?: boolean }) => {
      for (const module of options.settings) checkModuleName(module);
      const checkout = path.resolve(io.root, app);
      try {
        if (!fs.existsSync(path.join(checkout, 'manage.py')))
          throw new CliError(`${app}: no manage.py there: give the path of a Django app checkout`);
        const result = appContractFromCheckout(checkout, options.settings);
        const written = writeAppFile(io.root, result.contract, path.basename(checkout), options.force === true);
        io.out(formatInitApp(result, written));
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError((error as Error).message);
      }
    });

  program
    .command('build-settings')
    .description(
      "print the build-time placeholders of config/app.yaml as NAME='value' lines, for the app repository's docker/build-settings.env (uv.Dockerfile loads them for collectstatic and compilemessages)",
    )
    .action(() => {
      const settings = buildTimeSettings(loadAppContract(io.root));
      const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
      io.out(
        "# Build-time placeholders from the deployment repository's config/app.yaml (npm run cli -- build-settings).\n" +
          '# Not secrets: they let the settings import during the image build; the charts give the real values.\n' +
          Object.entries(settings)
            .map(([name, value]) => `${name}=${quote(value)}\n`)
            .join(''),
      );
    });

  program
    .command('check')
    .description('run the checklist rules (lib/policy) on every environment and print the findings')
    .action(() => {
      const config = loadConfig(io.root);
      const exceptions = policyExceptions(config.project.product.name);
      let failures = 0;
      for (const [i, env] of config.environments.entries()) {
        progress(io)(i + 1, config.environments.length, env.name);
        const objects = environmentManifests(config.project, env);
        for (const rule of RULES) {
          const result = evaluateRule(rule, { objects, tier: env.tier }, exceptions);
          for (const v of result.violations) io.out(`${env.name}: ${rule.id} ${formatViolation(v)}\n`);
          failures += result.violations.length;
        }
      }
      io.out(
        `${RULES.length} rules, ${config.environments.length} environments, ${exceptions.length} exceptions, ${failures} violation(s)\n`,
      );
      if (failures > 0) process.exitCode = 1;
    });

  program
    .command('scanner-config')
    .description(
      `write Trivy's configuration (${TRIVY_IGNORE_FILE}, ${TRIVY_DATA_FILE}) from the policy exceptions and trusted registries`,
    )
    .option('--check', 'do not write: exit 1 if a file is out of date')
    .action((options: { check?: boolean }) => {
      const config = loadConfig(io.root);
      const product = config.project.product.name;
      const files = trivyConfigFiles(product, rendered(config), policyExceptions(product));
      writeOrCheck(io.root, files, { check: options.check, command: 'scanner-config', out: io.out });
    });

  return program;
}

/** Runs the CLI; returns the exit code. */
export function runCli(argv: string[], io: CliIo): number {
  process.exitCode = undefined;
  try {
    buildCli(io).parse(argv, { from: 'user' });
  } catch (error) {
    const e = error as { code?: string; exitCode?: number };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : (e.exitCode ?? 1);
    }
    if (error instanceof CliError || error instanceof ConfigError) {
      io.err(`error: ${error.message}\n`);
      return 1;
    }
    // Anything else is a bug of ours, not the user's input: one line, as main.ts reports it for
    // the synth; the stack only when asked for, since it means nothing to an operator.
    const message = error instanceof Error ? error.message : String(error);
    io.err(
      process.env.DEBUG
        ? `internal error: ${error instanceof Error ? (error.stack ?? message) : message}\n`
        : `internal error: ${message} (run with DEBUG=1 for the stack)\n`,
    );
    return 1;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return code;
}

/** The CLI on this process's arguments, working directory and output (scripts/cli.mjs, `node build/cli.js`). */
export function run(): void {
  process.exitCode = runCli(process.argv.slice(2), {
    root: process.cwd(),
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}

if (require.main === module) run();
