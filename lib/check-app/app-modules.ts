/**
 * The modules the app contract names must exist in the checkout: the charts run them, and a
 * wrong name fails only when a pod starts (gunicorn's "No module named", celery's "Unable to
 * load celery application").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as posix from 'node:path/posix';
import type { AppContract } from '../app/app-contract';
import { moduleFile } from './settings-modules';

/** What the contract names in the app, relative to the checkout. */
export interface ContractModules {
  /** `manage.py`, relative to the checkout. */
  readonly manage: string;
  /** gunicorn's WSGI or uvicorn's ASGI application, `module` or `module:attribute`. */
  readonly server: string;
  /** Celery's `-A` application, `module`, `module.attribute` or `module:attribute`. @default none (no Celery) */
  readonly celeryApp?: string;
  /** The directory above `MEDIA_ROOT` (the media folder itself may be created at run time). @default none */
  readonly mediaParent?: string;
}

/** One thing the contract names that the checkout lacks. */
export interface MissingModule {
  readonly what: string;
  readonly name: string;
  readonly lookedFor: string;
}

const asPath = (dotted: string) => dotted.split('.').join('/');

/**
 * Celery's `-A` takes `module`, `module:attr` or `module.attr` (celery 5.2 celery/app/utils.py
 * find_app: `symbol_by_name(app)`, and on AttributeError `import_module(app)`): `config.celery_app`
 * is the module, or an attribute `celery_app` that `config` binds (an assignment, an import, a def).
 */
function celeryModuleExists(root: string, app: string): boolean {
  const module = app.split(':')[0];
  if (moduleFile(root, module)) return true;
  if (app.includes(':') || !module.includes('.')) return false;
  const parent = moduleFile(root, module.replace(/\.[^.]+$/, ''));
  if (!parent) return false;
  const attribute = module.split('.').pop() as string;
  const binding = new RegExp(
    `^\\s*(${attribute}\\s*[:=]|def ${attribute}\\b|(from\\s.*)?import\\s.*\\b${attribute}\\b)`,
    'm',
  );
  return binding.test(fs.readFileSync(path.join(root, parent), 'utf8'));
}

/** The contract's modules the checkout at `root` does not have. */
export function missingModules(root: string, modules: ContractModules): MissingModule[] {
  const missing: MissingModule[] = [];
  if (!fs.existsSync(path.join(root, modules.manage))) {
    missing.push({ what: 'manage.py', name: modules.manage, lookedFor: modules.manage });
  }
  const server = modules.server.split(':')[0];
  if (!moduleFile(root, server)) {
    missing.push({
      what: 'the WSGI/ASGI module',
      name: modules.server,
      lookedFor: `${asPath(server)}.py or ${asPath(server)}/__init__.py`,
    });
  }
  if (modules.celeryApp !== undefined && !celeryModuleExists(root, modules.celeryApp)) {
    const module = asPath(modules.celeryApp.split(':')[0]);
    missing.push({ what: 'the Celery app module', name: modules.celeryApp, lookedFor: `${module}.py` });
  }
  if (modules.mediaParent !== undefined) {
    const dir = path.join(root, modules.mediaParent);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      missing.push({
        what: "the media root's package",
        name: modules.mediaParent,
        lookedFor: `${modules.mediaParent}/`,
      });
    }
  }
  return missing;
}

/** The modules `config/app.yaml` names, relative to the checkout (its paths are the image's). */
export function appContractModules(contract: AppContract): ContractModules {
  const inApp = (file: string) => posix.relative(contract.paths.app, file);
  return {
    manage: inApp(contract.paths.manage),
    server: contract.processes.web.module,
    celeryApp: contract.processes.celery?.app,
    mediaParent: posix.dirname(inApp(contract.paths.mediaRoot)),
  };
}
