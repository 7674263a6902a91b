/**
 * Chart versions as Helm reads them. helm v3.17.3 loads a chart only when
 * `semver.NewVersion(metadata.version)` succeeds (pkg/chart/metadata.go, Validate and
 * isValidSemver), with Masterminds/semver v3.3.0 (helm's go.mod). Its parser (version.go,
 * NewVersion) reads each of major, minor and patch with strconv.ParseUint(…, 10, 64), so a
 * number above 2^64-1 is refused, and validatePrerelease refuses a numeric pre-release
 * identifier with a leading zero. SemVer 2 itself (semver.org, items 2, 9 and 10) also refuses
 * leading zeros in the version numbers and empty identifiers; both are required here.
 */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Largest number strconv.ParseUint(s, 10, 64) reads. */
const UINT64_MAX = 2n ** 64n - 1n;

/** Why Helm would not load a chart of version `version`, or undefined when it would. */
export function helmSemverProblem(version: string): string | undefined {
  const match = SEMVER.exec(version);
  if (!match) {
    return 'must be a SemVer 2 version such as 1.2.3 (numbers without leading zeros, optional -pre-release and +build of dot-separated letters, digits and "-")';
  }
  const names = ['major', 'minor', 'patch'];
  for (let i = 0; i < 3; i += 1) {
    if (BigInt(match[i + 1]) > UINT64_MAX) {
      return `has a ${names[i]} version above ${UINT64_MAX}, which Helm cannot read (it parses each number as an unsigned 64-bit integer)`;
    }
  }
  const leadingZero = (match[4] ?? '').split('.').find((id) => /^0\d+$/.test(id));
  if (leadingZero !== undefined) {
    return `has the numeric pre-release identifier "${leadingZero}" with a leading zero, which SemVer and Helm refuse`;
  }
  return undefined;
}
