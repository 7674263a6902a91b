/** init-app's report: what it found in the checkout and what each environment must give. */
import type { InitAppResult } from './app-contract-from-checkout';

export function formatInitApp(result: InitAppResult, written: string): string {
  const { contract, found } = result;
  const { web, celery, docs } = contract.processes;
  const lines = [
    `settings: ${contract.settingsModules.join(', ')}`,
    `web: ${web.interface} ${web.module}`,
    celery
      ? `celery: ${celery.app} (worker, beat${celery.flower ? ', flower' : ''})`
      : 'celery: none (no config/celery_app.py): no worker, beat or Flower',
    `docs: ${docs ? 'yes (docs/conf.py)' : 'no'}`,
    `database: ${contract.database}`,
    `media root: ${contract.paths.mediaRoot}`,
    contract.staticFiles === 'object-storage'
      ? `static files: object storage (${result.staticBackend ?? 'a backend that uploads'}): collectstatic runs as a Job before web rolls out; build the image with --build-arg COLLECTSTATIC=false`
      : 'static files: in the image (collectstatic at build time)',
  ];
  const secrets = found.filter((f) => f.classification.source === 'secret');
  lines.push(`secrets (keys of the app Secret): ${secrets.length}`);
  for (const { setting, classification } of secrets) {
    const kind = classification.source === 'secret' ? classification.kind : '';
    lines.push(`  ${setting.name}  ${setting.required ? 'required' : 'optional'}  ${kind}  ${setting.readBy}`);
  }
  const plain = found.filter((f) => f.setting.source === 'plain' && f.setting.required);
  lines.push(`plain settings each environment must give (django.extraSettings): ${plain.length}`);
  for (const { setting } of plain) lines.push(`  ${setting.name}  ${setting.readBy}`);
  const optional = found.filter((f) => f.setting.source === 'plain' && !f.setting.required).length;
  lines.push(`optional plain settings (app defaults unless django.extraSettings sets them): ${optional}`);
  for (const read of result.conditional)
    lines.push(
      `warning: ${read.file}:${read.line}: ${read.variable} is read without a default inside ${read.block}: written as optional`,
    );
  for (const read of result.unchecked)
    lines.push(`warning: ${read.file}:${read.line}: ${read.form} reads a computed name; not in the contract`);
  for (const u of result.unfollowed)
    lines.push(`warning: ${u.file}:${u.line}: the settings use ${u.library}; its reads are not in the contract`);
  lines.push(`wrote ${written}`);
  return `${lines.join('\n')}\n`;
}
