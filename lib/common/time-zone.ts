/**
 * Time-zone names as ArgoCD reads a sync window's `timeZone` (Go's `time.LoadLocation`, from the
 * IANA database), checked against the runtime's ICU copy of the same database. Shared by the
 * configuration's validation and the sync-window model, so both accept the same names.
 */

let canonicalZones: ReadonlySet<string> | undefined;

/**
 * True when the runtime knows `zone` as an IANA time zone (ICU's database, as Go's tzdata).
 * The canonical names are looked up in a list, which is cheap; only an alias (`US/Pacific`)
 * asks `Intl.DateTimeFormat`, whose first use loads ICU's zone data: a tenth of a small synth.
 */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
