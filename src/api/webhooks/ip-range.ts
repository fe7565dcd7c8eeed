/**
 * CIDR ranges of IP-authenticated webhooks (`AllowedIPRange`), IPv4 or IPv6.
 *
 * Node's `net.BlockList` does the matching, including IPv4-mapped IPv6 addresses in both
 * directions: a dual-stack socket reports an IPv4 client as `::ffff:127.0.0.1`, which must fall
 * inside `127.0.0.0/8`, and `::ffff:127.0.0.0/104` must take a plain `127.0.0.1`.
 */
import { BlockList, isIP } from 'node:net';

export interface IpRange {
  /** The range as given, e.g. `10.0.0.0/8`. */
  readonly cidr: string;
  contains(address: string): boolean;
}

/** Parses `address/prefix`; undefined unless it is a valid IPv4 or IPv6 CIDR range. */
export function parseIpRange(cidr: string): IpRange | undefined {
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(cidr);
  if (!match) return undefined;
  const [, network = '', prefixText = ''] = match;
  const version = isIP(network);
  const prefix = Number(prefixText);
  if (version === 0 || prefix > (version === 4 ? 32 : 128)) return undefined;
  const type = version === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return {
    cidr,
    contains(address) {
      // A scoped IPv6 address (`fe80::1%eth0`) is compared without its zone.
      const plain = address.replace(/%.*$/, '');
      const family = isIP(plain);
      if (family === 0) return false;
      return list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
