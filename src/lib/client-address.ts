import type { Context } from 'hono';
import { BlockList, isIP } from 'node:net';

// Who is asking: the address rate limits and sign-in locks count by. Behind a reverse proxy
// the socket's peer is the proxy, and the visitor's address is in X-Forwarded-For, which
// each proxy appends to. Only the entries our own proxies appended can be believed, so the
// header is read from the right, past every trusted proxy, and only when the connection
// itself comes from one (a visitor reaching the site directly can write anything there).

/** "::ffff:203.0.113.7" (how a dual-stack socket reports IPv4) as "203.0.113.7"; brackets dropped. */
export function plainAddress(address: string): string {
  const bare = address.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return mapped ? mapped[1]! : bare;
}

const proxyLists = new WeakMap<readonly string[], BlockList>();

/** TRUSTED_PROXIES as a BlockList, made once per configuration. */
function proxyList(trustedProxies: readonly string[]): BlockList {
  let list = proxyLists.get(trustedProxies);
  if (!list) {
    list = new BlockList();
    for (const entry of trustedProxies) {
      const [address = '', prefix] = entry.split('/');
      const plain = plainAddress(address);
      const type = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) list.addAddress(plain, type);
      else list.addSubnet(plain, Number(prefix), type);
    }
    proxyLists.set(trustedProxies, list);
  }
  return list;
}

/** True when `address` is one of TRUSTED_PROXIES (an address or inside one of its ranges). */
export function isTrustedProxy(address: string, trustedProxies: readonly string[]): boolean {
  if (trustedProxies.length === 0) return false;
  const plain = plainAddress(address);
  const family = isIP(plain);
  if (family === 0) return false;
  return proxyList(trustedProxies).check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

/** The socket's peer as @hono/node-server hands it over; 'unknown' without a socket (app.request in tests). */
export function peerAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const address = incoming?.socket?.remoteAddress;
  return address ? plainAddress(address) : 'unknown';
}

/**
 * The client's address: the socket's peer, or, when that peer is a trusted proxy, the first
 * address in X-Forwarded-For from the right that is not a trusted proxy. A header that holds
 * only proxies (or garbage where an address should be) leaves the last believable hop.
 */
export function clientAddress(c: Context, trustedProxies: readonly string[]): string {
  let address = peerAddress(c);
  if (!isTrustedProxy(address, trustedProxies)) return address;
  const hops = (c.req.header('X-Forwarded-For') ?? '').split(',').map(plainAddress).filter(Boolean);
  for (const hop of hops.reverse()) {
    // Something that is no address cannot have been written by our proxy: stop believing here.
    if (isIP(hop) === 0) break;
    address = hop;
    if (!isTrustedProxy(hop, trustedProxies)) break;
  }
  return address;
}

/**
 * What a per-client limit counts: the address itself for IPv4, its /64 network for IPv6,
 * since one home or server gets a whole /64 and can use a fresh address for every request.
 * @example limitedAddress('2001:db8:1:2:aaaa::1') === '2001:db8:1:2::/64'
 */
export function limitedAddress(address: string): string {
  const plain = plainAddress(address);
  if (isIP(plain) !== 6) return plain;
  const groups = expandIPv6(plain);
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, "::" filled in (an embedded IPv4 tail converted). */
export function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...fill, ...right].map((g) => g.padStart(4, '0'));
}
