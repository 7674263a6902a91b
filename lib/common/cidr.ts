/**
 * IPv4 and IPv6 networks in CIDR notation, as NetworkPolicy `ipBlock`s need them: parsed to
 * numbers so containment can be checked the way the API server checks it
 * (kubernetes pkg/apis/networking/validation ValidateIPBlock: every `except` must be a strict
 * subset of its `cidr`).
 */
import { isIP } from 'node:net';

export interface Network {
  readonly family: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

function ipv4(text: string): bigint {
  return text.split('.').reduce((n, octet) => (n << 8n) + BigInt(Number(octet)), 0n);
}

function ipv6(text: string): bigint {
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let body = text;
  if (v4) {
    const n = ipv4(v4[1]);
    body = `${text.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = body.split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const fill = tail === undefined ? [] : Array<string>(8 - groups(head).length - groups(tail).length).fill('0');
  return [...groups(head), ...fill, ...groups(tail)].reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/** The network `text` denotes, or undefined when it is not CIDR notation. */
export function parseCidr(text: string): Network | undefined {
  const [address, prefix, ...rest] = text.split('/');
  const family = isIP(address ?? '');
  if (rest.length > 0 || family === 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return undefined;
  const bits = Number(prefix);
  if (bits > (family === 4 ? 32 : 128)) return undefined;
  return { family: family as 4 | 6, address: family === 4 ? ipv4(address) : ipv6(address), prefix: bits };
}

const width = (n: Network) => (n.family === 4 ? 32 : 128);

/** True when bits beyond the prefix are set (10.0.0.1/8): the API server refuses such a `cidr`. */
export function hasHostBits(n: Network): boolean {
  const hostBits = BigInt(width(n) - n.prefix);
  return (n.address & ((1n << hostBits) - 1n)) !== 0n;
}

/** True when `inner` lies inside `outer` and is smaller than it. */
export function isStrictSubnet(inner: Network, outer: Network): boolean {
  if (inner.family !== outer.family || inner.prefix <= outer.prefix) return false;
  const shift = BigInt(width(outer) - outer.prefix);
  return inner.address >> shift === outer.address >> shift;
}
