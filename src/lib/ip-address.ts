import { BlockList, isIP } from "net"

/**
 * What kind of address an IP is, for the referring-site check: it may fetch
 * only from `public` addresses, so a shopper cannot make the server request
 * its own network (loopback, the LAN, the cloud's metadata service at
 * 169.254.169.254, …). Node's BlockList parses every textual form
 * (`::ffff:7f00:1`, `0:0::1`) and matches IPv4-mapped IPv6 addresses against
 * the IPv4 ranges, so `::ffff:10.0.0.1` is private like `10.0.0.1`.
 */
export type AddressKind =
  | "public"
  | "unspecified"
  | "loopback"
  | "private"
  | "link_local"
  | "cgnat"
  | "multicast"
  | "unique_local"
  | "reserved"
  | "invalid"

/** How a message names each kind: "… is a private address". */
export const ADDRESS_KIND_NAMES: Record<Exclude<AddressKind, "public">, string> = {
  unspecified: "an unspecified address",
  loopback: "a loopback address",
  private: "a private address",
  link_local: "a link-local address",
  cgnat: "a carrier-grade NAT address",
  multicast: "a multicast address",
  unique_local: "a unique-local (private) address",
  reserved: "a reserved address",
  invalid: "not an IP address",
}

type Range = [address: string, prefix: number, family: "ipv4" | "ipv6"]

// Checked in this order; the first that matches names the kind.
const RANGES: [Exclude<AddressKind, "public" | "invalid">, Range[]][] = [
  ["unspecified", [["0.0.0.0", 8, "ipv4"], ["::", 128, "ipv6"]]],
  ["loopback", [["127.0.0.0", 8, "ipv4"], ["::1", 128, "ipv6"]]],
  ["private", [["10.0.0.0", 8, "ipv4"], ["172.16.0.0", 12, "ipv4"], ["192.168.0.0", 16, "ipv4"]]],
  ["link_local", [["169.254.0.0", 16, "ipv4"], ["fe80::", 10, "ipv6"]]],
  ["cgnat", [["100.64.0.0", 10, "ipv4"]]],
  ["multicast", [["224.0.0.0", 4, "ipv4"], ["ff00::", 8, "ipv6"]]],
  ["unique_local", [["fc00::", 7, "ipv6"]]],
  [
    "reserved",
    [
      ["192.0.0.0", 24, "ipv4"], // IETF protocol assignments
      ["192.0.2.0", 24, "ipv4"], // documentation
      ["198.18.0.0", 15, "ipv4"], // benchmarking
      ["198.51.100.0", 24, "ipv4"], // documentation
      ["203.0.113.0", 24, "ipv4"], // documentation
      ["240.0.0.0", 4, "ipv4"], // reserved, and 255.255.255.255 broadcast
      ["2001:db8::", 32, "ipv6"], // documentation
      ["2001::", 23, "ipv6"], // IETF protocol assignments (Teredo among them)
      ["2002::", 16, "ipv6"], // 6to4: an IPv4 address inside, maybe a private one
    ],
  ],
]

const LISTS = RANGES.map(([kind, ranges]) => {
  const list = new BlockList()
  for (const [address, prefix, family] of ranges) {
    list.addSubnet(address, prefix, family)
  }
  return [kind, list] as const
})

// IPv6 outside these is not a global unicast address (NAT64, IPv4-compatible, discard, …).
const IPV6_PUBLIC = new BlockList()
IPV6_PUBLIC.addSubnet("2000::", 3, "ipv6")
const IPV4_MAPPED = new BlockList()
IPV4_MAPPED.addSubnet("::ffff:0:0", 96, "ipv6")

/** The kind of `address` (an IPv4 or IPv6 literal, without brackets). */
export function classifyAddress(address: string): AddressKind {
  const version = isIP(address)
  if (!version) {
    return "invalid"
  }
  const family = version === 4 ? "ipv4" : "ipv6"
  for (const [kind, list] of LISTS) {
    if (list.check(address, family)) {
      return kind
    }
  }
  if (family === "ipv6" && !IPV6_PUBLIC.check(address, "ipv6") && !IPV4_MAPPED.check(address, "ipv6")) {
    return "reserved"
  }
  return "public"
}
