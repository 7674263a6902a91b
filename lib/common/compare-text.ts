/**
 * Orders strings by UTF-16 code units, the order `Array.prototype.sort()` uses by default.
 * Everything the synth sorts goes through this rather than `localeCompare`, whose order follows
 * the machine's locale and ICU version (so two machines could write different files), and whose
 * first call loads ICU's collation data, 13 ms of a synth.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
