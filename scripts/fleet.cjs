// Writes a generated fleet into a project copy: `clusters` cluster files and `environments`
// environment files derived from config/environments/staging.yaml, spread round-robin over the
// clusters. Namespaces repeat across clusters (allowed) but never within one; every host is
// unique. Used by the fleet test and by `npm run bench`; the committed config is not touched.
// CommonJS so that the .mjs bench and the TypeScript tests share this one copy.
const fs = require('node:fs');
const path = require('node:path');
const { parseDocument } = require('yaml');

/** Replaces config/clusters and config/environments under `root` with a generated fleet. */
function writeFleet(root, { clusters = 5, environments = 30 } = {}) {
  const clusterDir = path.join(root, 'config', 'clusters');
  const envDir = path.join(root, 'config', 'environments');
  const template = fs.readFileSync(path.join(envDir, 'staging.yaml'), 'utf8');
  const clusterTemplate = fs.readFileSync(path.join(clusterDir, 'in-cluster.yaml'), 'utf8');
  fs.rmSync(clusterDir, { recursive: true });
  fs.rmSync(envDir, { recursive: true });
  fs.mkdirSync(clusterDir, { recursive: true });
  fs.mkdirSync(envDir, { recursive: true });

  const clusterNames = Array.from({ length: clusters }, (_, c) => `cluster-${c + 1}`);
  for (const name of clusterNames) {
    const doc = parseDocument(clusterTemplate);
    doc.set('name', name);
    doc.set('description', `generated cluster ${name}`);
    fs.writeFileSync(path.join(clusterDir, `${name}.yaml`), doc.toString());
  }
  const names = [];
  for (let i = 0; i < environments; i += 1) {
    const name = `team-${String(i + 1).padStart(2, '0')}`;
    const cluster = clusterNames[i % clusters];
    const doc = parseDocument(template);
    doc.set('name', name);
    doc.set('cluster', cluster);
    // Environment i is the (i / clusters)-th on its cluster: that index names its namespace.
    doc.set('namespace', `acme-slot-${Math.floor(i / clusters) + 1}`);
    doc.setIn(['web', 'ingress', 'hosts'], [`${name}.acme.example.com`]);
    doc.setIn(['flower', 'ingress', 'hosts'], [`flower.${name}.acme.example.com`]);
    doc.setIn(['docs', 'ingress', 'hosts'], [`docs.${name}.acme.example.com`]);
    doc.setIn(['secrets', 'remoteKey'], `acme/${name}/django`);
    fs.writeFileSync(path.join(envDir, `${name}.yaml`), doc.toString());
    names.push({ name, cluster });
  }
  return { clusters: clusterNames, environments: names };
}

module.exports = { writeFleet };
