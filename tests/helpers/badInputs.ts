/**
 * Bad inputs, one per way to get a field wrong, with what the error must say: the field, the value
 * as the program wrote it, and why. Shared by the unit test of every validation message and the
 * reliability test that sends each through `pulumi preview` (or `up`) and checks the kernel stays
 * as it was.
 */
export interface BadCase {
    resource: string;
    args: Record<string, unknown>;
    /** Text the error must contain: the field, the value as written, and why. */
    message: string;
    /** Wrap these fields in an Output known only at apply time; the case then runs `pulumi up`. */
    late?: string[];
}

const veth = { name: "veth1", peerName: "br-veth1" };
export const badInputs: BadCase[] = [
    { resource: "NetworkNamespace", args: { name: "" }, message: 'name "" is not a valid namespace name' },
    { resource: "NetworkNamespace", args: { name: "$(reboot)" }, message: 'name "$(reboot)" is not a valid namespace name' },
    { resource: "NetworkNamespace", args: { name: "a;b" }, message: 'name "a;b" is not a valid namespace name' },
    { resource: "NetworkNamespace", args: { name: "../etc" }, message: 'name "../etc" is not a valid namespace name' },
    { resource: "NetworkNamespace", args: { name: "-n" }, message: 'name "-n" is not a valid namespace name' },
    { resource: "NetworkNamespace", args: { name: "n".repeat(65) }, message: `name "${"n".repeat(65)}" is not a valid namespace name` },
    { resource: "NetworkNamespace", args: { name: "lnxt-never", loopbackUp: "yes" }, message: 'loopbackUp "yes" must be true or false' },
    { resource: "VethPair", args: { ...veth, name: "veth1-far-too-long" }, message: 'name "veth1-far-too-long" is not a valid interface name' },
    { resource: "VethPair", args: { ...veth, name: "ve th" }, message: 'name "ve th" is not a valid interface name' },
    { resource: "VethPair", args: { ...veth, name: "veth/1" }, message: 'name "veth/1" is not a valid interface name' },
    { resource: "VethPair", args: { ...veth, peerName: "`id`" }, message: 'peerName "`id`" is not a valid interface name' },
    { resource: "VethPair", args: { ...veth, peerName: "veth1" }, message: 'peerName "veth1" is the same as name in the same namespace' },
    { resource: "VethPair", args: { ...veth, mtu: 67 }, message: "mtu 67 is not a valid MTU" },
    { resource: "VethPair", args: { ...veth, mtu: 65536 }, message: "mtu 65536 is not a valid MTU" },
    { resource: "VethPair", args: { ...veth, mtu: 1500.5 }, message: "mtu 1500.5 is not a valid MTU" },
    { resource: "VethPair", args: { ...veth, mac: "02:00:00:00:00" }, message: 'mac "02:00:00:00:00" is not a MAC address' },
    { resource: "VethPair", args: { ...veth, mac: "01:00:00:00:00:01" }, message: 'mac "01:00:00:00:00:01" is a multicast MAC address' },
    { resource: "VethPair", args: { ...veth, peerMac: "00:00:00:00:00:00" }, message: 'peerMac "00:00:00:00:00:00" is the all-zero MAC address' },
    { resource: "VethPair", args: { ...veth, namespace: "ns 1" }, message: 'namespace "ns 1" is not a valid namespace name' },
    { resource: "VethPair", args: { ...veth, peerMaster: "br|x" }, message: 'peerMaster "br|x" is not a valid interface name' },
    { resource: "Bridge", args: { name: "" }, message: 'name "" is not a valid interface name' },
    { resource: "Bridge", args: { name: "br1", forwardDelay: 31 }, message: "forwardDelay 31 must be a whole number from 0 to 30" },
    { resource: "Bridge", args: { name: "br1", ageingTime: -1 }, message: "ageingTime -1 must be a whole number" },
    { resource: "Bridge", args: { name: "br1", stp: "on" }, message: 'stp "on" must be true or false' },
    { resource: "Bridge", args: { name: "br1", colour: "red" }, message: "colour is not a known property" },
    { resource: "Address", args: { device: "veth1", address: "192.168.1.11" }, message: 'address "192.168.1.11" is not an address with prefix' },
    { resource: "Address", args: { device: "veth1", address: "192.168.1.256/24" }, message: 'address "192.168.1.256/24" is not an address with prefix' },
    { resource: "Address", args: { device: "veth1", address: "192.168.1.1/33" }, message: 'address "192.168.1.1/33" is not an address with prefix' },
    { resource: "Address", args: { device: "veth1", address: "fd00::1/129" }, message: 'address "fd00::1/129" is not an address with prefix' },
    { resource: "Address", args: { device: "veth1", address: "fd00:::1/64" }, message: 'address "fd00:::1/64" is not an address with prefix' },
    { resource: "Address", args: { device: "veth1", address: "10.0.0.1/24; reboot" }, message: 'address "10.0.0.1/24; reboot" is not an address with prefix' },
    { resource: "Address", args: { device: "veth1", address: "fd00::1/64", broadcast: "192.168.1.255" }, message: 'broadcast "192.168.1.255" needs an IPv4 address on an IPv4 address' },
    { resource: "Address", args: { device: "veth1", address: "10.0.0.1/24", label: "other:1" }, message: 'label "other:1" must start with the device name "veth1"' },
    { resource: "Address", args: { device: "eth0 && rm -rf /", address: "10.0.0.1/24" }, message: 'device "eth0 && rm -rf /" is not a valid interface name' },
    { resource: "Address", args: { device: "veth1", address: "10.0.0.1/24", validLifetime: 60, preferredLifetime: 120 }, message: "preferredLifetime 120 is longer than validLifetime 60" },
    { resource: "Route", args: { destination: "10.0.0.1/8", gateway: "192.168.1.1" }, message: 'destination "10.0.0.1/8" has host bits set: the network is "10.0.0.0/8"' },
    { resource: "Route", args: { destination: "default6", gateway: "192.168.1.1" }, message: 'destination "default6" is not "default" or a network' },
    { resource: "Route", args: { destination: "10.0.0.0/8", gateway: "fd00::1" }, message: 'gateway "fd00::1" is IPv6 but the route is IPv4' },
    { resource: "Route", args: { destination: "10.0.0.0/8", gateway: "192.168.1.300" }, message: 'gateway "192.168.1.300" is not an IP address' },
    { resource: "Route", args: { destination: "10.0.0.0/8", gateway: "192.168.1.1", metric: -1 }, message: "metric -1 must be a whole number from 0 to 4294967295" },
    { resource: "Route", args: { destination: "10.0.0.0/8", gateway: "192.168.1.1", metric: 4294967296 }, message: "metric 4294967296 must be a whole number" },
    { resource: "Route", args: { destination: "10.0.0.0/8", gateway: "192.168.1.1", table: 0 }, message: 'table 0 must be "main", "local" or a table number' },
    { resource: "Route", args: { destination: "10.0.0.0/8", gateway: "192.168.1.1", table: "mgmt" }, message: 'table "mgmt" must be "main", "local" or a table number' },
    { resource: "Route", args: { destination: "10.0.0.0/8", gateway: "192.168.1.1", scope: "universe" }, message: 'scope "universe" must be one of "global", "link", "host"' },
    { resource: "Route", args: { destination: "10.0.0.0/8" }, message: "a route needs a gateway, a device or both" },
    { resource: "Route", args: { destination: "10.0.0.0/8", device: "veth1", source: "fd00::1" }, message: 'source "fd00::1" is IPv6 but the route is IPv4' },
    { resource: "MasqueradeRule", args: { source: "192.168.1.1/24" }, message: 'source "192.168.1.1/24" has host bits set: the network is "192.168.1.0/24"' },
    { resource: "MasqueradeRule", args: { source: "192.168.1.0" }, message: 'source "192.168.1.0" is not a network with prefix' },
    { resource: "MasqueradeRule", args: { source: "192.168.1.0/24", outInterface: "eth0 -j ACCEPT" }, message: 'outInterface "eth0 -j ACCEPT" is not a valid interface name' },
    { resource: "MasqueradeRule", args: { source: "192.168.1.0/24", comment: 'x" -j ACCEPT' }, message: 'comment "x\\" -j ACCEPT" must be at most 200 characters' },
    { resource: "MasqueradeRule", args: { source: "192.168.1.0/24", comment: "c".repeat(201) }, message: "must be at most 200 characters" },
    { resource: "IpForwarding", args: { ipv4: "1" }, message: 'ipv4 "1" must be true or false' },
    { resource: "BridgePort", args: { device: "tap0;ls", bridge: "br1" }, message: 'device "tap0;ls" is not a valid interface name' },
    { resource: "TapDevice", args: { name: "tap 0" }, message: 'name "tap 0" is not a valid interface name' },
    { resource: "TapDevice", args: { name: "tap0", mode: "tunnel" }, message: 'mode "tunnel" must be one of "tap", "tun"' },
    { resource: "TapDevice", args: { name: "tun0", mode: "tun", master: "br1" }, message: 'master "br1" needs mode "tap": a tun device carries IP packets' },
    { resource: "TapDevice", args: { name: "tun0", mode: "tun", mac: "02:00:00:00:00:01" }, message: 'mac "02:00:00:00:00:01" needs mode "tap": a tun device has no MAC address' },
    { resource: "TapDevice", args: { name: "tap0", user: "qemu;id" }, message: 'user "qemu;id" is not a user or group' },
    { resource: "TapDevice", args: { name: "tap0", group: -1 }, message: "group -1 is not a user or group" },
    { resource: "TapDevice", args: { name: "tap0", vnetHdr: "on" }, message: 'vnetHdr "on" must be true or false' },
    { resource: "Macvlan", args: { name: "mv0", parent: "eth0 type veth" }, message: 'parent "eth0 type veth" is not a valid interface name' },
    { resource: "Macvlan", args: { name: "mv0", parent: "eth0", mode: "source" }, message: 'mode "source" must be one of "bridge", "private", "vepa", "passthru"' },
    { resource: "Macvlan", args: { name: "mv0", parent: "eth0", parentNamespace: "../x" }, message: 'parentNamespace "../x" is not a valid namespace name' },
    { resource: "Macvlan", args: { name: "mv0", parent: "eth0", mtu: 70000 }, message: "mtu 70000 is not a valid MTU" },
    { resource: "VethPair", args: { ...veth, name: "bad name" }, late: ["name"], message: 'name "bad name" is not a valid interface name' },
    { resource: "Address", args: { device: "veth1", address: "10.0.0.1/99" }, late: ["address"], message: 'address "10.0.0.1/99" is not an address with prefix' },
    { resource: "Route", args: { destination: "10.0.0.0/8", gateway: "fd00::1" }, late: ["gateway"], message: 'gateway "fd00::1" is IPv6 but the route is IPv4' },
];

/** Failures the engine is given for a missing field, for the unit test: a required field left out. */
export const missingFields: { resource: string; args: Record<string, unknown>; message: string }[] = [
    { resource: "Route", args: { destination: "default" }, message: "a route needs a gateway, a device or both (destination default)" },
    { resource: "VethPair", args: { name: "veth1" }, message: "peerName is required" },
    { resource: "Address", args: { device: "veth1" }, message: "address is required" },
    { resource: "NamespaceHost", args: { name: "h1" }, message: "hostInterface is required" },
    { resource: "TapDevice", args: {}, message: "name is required" },
    { resource: "Macvlan", args: { name: "mv0" }, message: "parent is required" },
];
