import { type AddressKind, classifyAddress } from "../ip-address"

const cases: [string, AddressKind][] = [
  // Public, both families, and IPv4 behind an IPv4-mapped IPv6 address.
  ["8.8.8.8", "public"],
  ["1.1.1.1", "public"],
  ["172.32.0.1", "public"],
  ["100.128.0.1", "public"],
  ["2606:4700:4700::1111", "public"],
  ["::ffff:8.8.8.8", "public"],
  // Unspecified.
  ["0.0.0.0", "unspecified"],
  ["0.1.2.3", "unspecified"],
  ["::", "unspecified"],
  // Loopback, in every spelling.
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["::1", "loopback"],
  ["0:0:0:0:0:0:0:1", "loopback"],
  ["::ffff:127.0.0.1", "loopback"],
  ["::ffff:7f00:1", "loopback"],
  // RFC 1918, at each edge.
  ["10.0.0.0", "private"],
  ["10.255.255.255", "private"],
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.168.1.1", "private"],
  ["::ffff:10.0.0.1", "private"],
  ["0:0:0:0:0:ffff:c0a8:0101", "private"],
  // Link-local, the cloud metadata address among them.
  ["169.254.169.254", "link_local"],
  ["::ffff:169.254.169.254", "link_local"],
  ["fe80::1", "link_local"],
  ["febf::1", "link_local"],
  // Carrier-grade NAT.
  ["100.64.0.1", "cgnat"],
  ["100.127.255.255", "cgnat"],
  // Multicast.
  ["224.0.0.1", "multicast"],
  ["239.255.255.255", "multicast"],
  ["ff02::1", "multicast"],
  // IPv6 unique-local.
  ["fc00::1", "unique_local"],
  ["fd12:3456::1", "unique_local"],
  // Reserved and special ranges that can lead back to an internal address.
  ["255.255.255.255", "reserved"],
  ["240.0.0.1", "reserved"],
  ["192.0.2.1", "reserved"],
  ["198.18.0.1", "reserved"],
  ["2001:db8::1", "reserved"],
  ["2002:7f00:1::1", "reserved"],
  ["64:ff9b::7f00:1", "reserved"],
  ["::127.0.0.1", "reserved"],
  ["::ffff:0:7f00:1", "reserved"],
  ["100::1", "reserved"],
  // Not an address at all.
  ["example.com", "invalid"],
  ["", "invalid"],
  ["[::1]", "invalid"],
  ["127.1", "invalid"],
]

describe("classifyAddress", () => {
  it.each(cases)("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind)
  })
})
