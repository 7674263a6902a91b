/**
 * The database and Redis images every environment runs carry the upstream security fixes known
 * when they were pinned. Each row is a fix and the first patch release of our major line with it,
 * from the upstream release notes and CVE records:
 * - PostgreSQL: postgresql.org security pages / release announcements (16.12: Feb 2026, 16.14:
 *   May 2026, 16.15: Aug 2026 per the CVE-2026-16239 record "versions before ... 16.15").
 * - Redis: redis/docs redisce-7.4-release-notes.md (7.4.6: Oct 2025, 7.4.9: May 2026).
 */
import { environmentRows } from './support/project';
import { expectEach } from './support/expect-each';

const FIXES: Record<'postgres' | 'redis', Array<[cve: string, fixedIn: string, what: string]>> = {
  postgres: [
    ['CVE-2025-1094', '16.7', 'libpq quoting: SQL injection through psql'],
    ['CVE-2025-8714', '16.10', 'pg_dump lets a superuser of the origin server inject code into restores'],
    ['CVE-2025-12817', '16.11', 'CREATE STATISTICS missing schema privilege check'],
    ['CVE-2026-2005', '16.12', 'pgcrypto heap buffer overflow (code execution)'],
    ['CVE-2026-6473', '16.14', 'integer wraparound undersizes allocations (code execution)'],
    ['CVE-2026-6477', '16.14', 'libpq lo_* stack overwrite by a hostile server (pg_dump)'],
    ['CVE-2026-16239', '16.15', 'cursor CLOSE + DECLARE type confusion (code execution)'],
  ],
  redis: [
    ['CVE-2025-21605', '7.4.3', 'unauthenticated output-buffer growth (denial of service)'],
    ['CVE-2025-32023', '7.4.5', 'HyperLogLog out-of-bounds write (code execution)'],
    ['CVE-2025-49844', '7.4.6', 'Lua use-after-free (code execution)'],
    ['CVE-2026-23479', '7.4.9', 'use-after-free when unblocking a client (code execution)'],
    ['CVE-2026-25243', '7.4.9', 'invalid memory access in RESTORE (code execution)'],
  ],
};

/** `16.15-bookworm` → [16, 15]; `7.4.9-bookworm` → [7, 4, 9]. */
function version(tag: string): number[] {
  const match = /^(\d+(?:\.\d+)*)/.exec(tag);
  if (!match) throw new Error(`no version in tag ${tag}`);
  return match[1].split('.').map(Number);
}

function atLeast(have: number[], want: number[]): boolean {
  for (let i = 0; i < want.length; i++) {
    if ((have[i] ?? 0) !== want[i]) return (have[i] ?? 0) > want[i];
  }
  return true;
}

describe.each(environmentRows())('%s', (_name, { env }) => {
  const images = {
    postgres: env.database.mode === 'cloudnativepg' ? env.images.cloudnativepg.tag : env.images.postgres.tag,
    redis: env.images.redis.tag,
  };
  test.each(Object.entries(FIXES).flatMap(([software, fixes]) => fixes.map((f) => [software, ...f] as const)))(
    '%s has %s (fixed in %s: %s)',
    (software, _cve, fixedIn) => {
      const tag = images[software as 'postgres' | 'redis'];
      // The same major line: a fix in 16.x says nothing about another major.
      expect(version(tag)[0]).toBe(version(fixedIn)[0]);
      expectEach(
        [tag],
        (t) => `${t} is older than ${fixedIn}`,
        (t) => atLeast(version(t), version(fixedIn)),
      );
    },
  );
});
