/**
 * The local addresses on which some process listens for TCP on a port, read from the
 * kernel's socket tables (/proc/net/tcp and tcp6), as `ss -ltn` shows them. A socket
 * bound to every interface reads as `0.0.0.0` or `::`.
 */
import { readFileSync } from 'node:fs';

const LISTEN = '0A';

function ipv4(hex: string): string {
  // Four bytes in host (little-endian) order.
  const bytes = hex.match(/../g)!.map((b) => parseInt(b, 16));
  return bytes.reverse().join('.');
}

function ipv6(hex: string): string {
  // Four 32-bit words, each in host (little-endian) order.
  const words = hex.match(/.{8}/g)!.map((word) => word.match(/../g)!.reverse().join(''));
  const groups = words
    .join('')
    .match(/.{4}/g)!
    .map((g) => parseInt(g, 16));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  if (groups.every((g) => g === 0)) return '::';
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return '::1';
  return groups.map((g) => g.toString(16)).join(':');
}

function table(file: string, decode: (hex: string) => string, port: number): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length > 3 && fields[3] === LISTEN)
    .map((fields) => fields[1]!.split(':'))
    .filter(([, hexPort]) => parseInt(hexPort!, 16) === port)
    .map(([hexAddress]) => decode(hexAddress!));
}

export function listeningAddresses(port: number): string[] {
  return [...table('/proc/net/tcp', ipv4, port), ...table('/proc/net/tcp6', ipv6, port)];
}
