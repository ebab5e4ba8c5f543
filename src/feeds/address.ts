import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";
import { feedProblem, type FeedProblem } from "./problem.js";

/**
 * Addresses a feed URL must not reach unless `feeds.allowPrivateAddresses` is set: the host's own
 * network. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is checked as the IPv4 address it maps.
 */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata services
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved and broadcast
] as const) PRIVATE.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routable inside)
  ["ff00::", 8], // multicast
  ["64:ff9b:1::", 48], // local-use NAT64
] as const) PRIVATE.addSubnet(net, bits, "ipv6");

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;
const MAPPED_V4_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i;

/** True for loopback, private, link-local and other non-public addresses (v4, v6, v4-mapped v6). */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(ip);
  if (family === 4) return PRIVATE.check(ip, "ipv4");
  if (family !== 6) return false;
  const dotted = MAPPED_V4.exec(ip)?.[1];
  if (dotted) return PRIVATE.check(dotted, "ipv4");
  const hex = MAPPED_V4_HEX.exec(ip);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
    return PRIVATE.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, "ipv4");
  }
  return PRIVATE.check(ip, "ipv6");
}

/** The error a refused address gives; its message is what the feed's health shows. */
export class RefusedAddressError extends Error {
  readonly code = "EREFUSEDADDRESS";
  readonly problem: FeedProblem;
  constructor(readonly host: string, readonly address: string) {
    const problem =
      host !== address
        ? feedProblem({ id: "feed-problem-refused-address-for-host", args: { address, host } })
        : feedProblem({ id: "feed-problem-refused-address", args: { address } });
    super(problem.reason);
    this.problem = problem;
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup` for sockets that refuses some addresses (by default the private ones): the check
 * happens on the address the socket is about to connect to, so a public name resolving to 127.0.0.1
 * (or a redirect to one) fails.
 */
export const lookupRefusing = (isRefused: (address: string) => boolean) => (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, options.all ? [] : "", undefined);
    const refused = addresses.find((a) => isRefused(a.address));
    if (refused) return callback(new RefusedAddressError(hostname, refused.address) as unknown as NodeJS.ErrnoException, options.all ? [] : "", undefined);
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};
