import ipaddr from 'ipaddr.js';

/**
 * The address a request is limited by. Behind `trustedHops` proxies (`TRUST_PROXY=N`) it is the N-th
 * `X-Forwarded-For` entry from the right: each proxy appends the peer it saw, so the right-most N entries are the
 * proxies' own and everything left of them is whatever the client sent (a spoofed first hop changes nothing).
 * With fewer entries than hops, the left-most one is taken. Without trusted hops the socket's peer counts.
 */
export function forwardedClient(
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
  trustedHops: number,
) {
  if (trustedHops > 0 && forwardedFor) {
    const hops = forwardedFor
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    if (hops.length) return hops[Math.max(0, hops.length - trustedHops)]!;
  }
  return socketAddress ?? 'unknown';
}

/**
 * The group an address is counted in: an IPv4 address on its own (IPv4-mapped IPv6 too), an IPv6 address by its
 * /64 (one subscriber usually holds a whole /64, so limiting single addresses would limit nothing). Anything that
 * is not an address (a broken proxy header) is its own group, capped in length.
 */
export function addressGroup(address: string): string {
  const bare = address
    .replace(/^\[|\](:\d+)?$/g, '')
    .replace(/%.*$/, '')
    .replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');
  if (!ipaddr.isValid(bare)) return address.slice(0, 64);
  const parsed = ipaddr.process(bare);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}
