/** Images of the backing services when none is given: versions this project was tested with. */
export const DEFAULT_IMAGES = {
  // CloudNativePG's "standard" flavour (no Barman Cloud inside: backups go through the plugin);
  // the bare `16.6` rolling tags are deprecated (cloudnative-pg/postgres-containers#285). initdb
  // defaults to the C collation (api/v1/cluster_types.go), so the OS change moves no index.
  cloudnativepg: { repository: 'ghcr.io/cloudnative-pg/postgresql', tag: '16.15-standard-bookworm' },
  // Current patch releases (security fixes): PostgreSQL 16.15 (August 2026, CVE-2026-16239 and
  // the earlier 16.7-16.14 fixes), Redis 7.4.9 (May 2026: CVE-2026-23479, CVE-2026-25243,
  // CVE-2026-23631; 7.4.6: CVE-2025-49844 and three more Lua fixes).
  postgres: { repository: 'docker.io/library/postgres', tag: '16.15-bookworm' },
  redis: { repository: 'docker.io/library/redis', tag: '7.4.9-bookworm' },
  mailpit: { repository: 'docker.io/axllent/mailpit', tag: 'v1.21.8' },
  mailhog: { repository: 'docker.io/mailhog/mailhog', tag: 'v1.0.1' },
} as const;
