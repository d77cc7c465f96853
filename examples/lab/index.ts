/**
 * A lab of N hosts on a bridge, N from stack config: the reusable `Lab` component in use.
 *
 *                       ┌─ labbr0 10.10.0.1/24 (host side: NAT + forwarding) ─┐
 *         ┌─────────────┼──────────────┬───────────────┬───────────────────── ┘
 *     [lab1]         [lab2]         [lab3]    ...    (host-side veth ends)
 *       │               │              │
 *   lab-1 eth0      lab-2 eth0     lab-3 eth0          (one namespace per host)
 *   10.10.0.2/24    10.10.0.3/24   10.10.0.4/24        default via 10.10.0.1
 *
 * Stack settings: `hosts` (default 3), `cidr` (default "10.10.0.0/24"), `namespacePrefix`
 * (default "lab-"), `oneResourcePerHost` (default true: each host one `NamespaceHost`; false: a
 * NetworkNamespace, VethPair, Address and Route each), and the package-wide
 * `linuxnet:hostNamespace` for the bridge side.
 */
import * as pulumi from "@pulumi/pulumi";
import { Lab } from "./lab";

const config = new pulumi.Config();
const lab = new Lab("lab", {
    hosts: config.getNumber("hosts") ?? 3,
    cidr: config.get("cidr") ?? "10.10.0.0/24",
    namespacePrefix: config.get("namespacePrefix") ?? "lab-",
    oneResourcePerHost: config.getBoolean("oneResourcePerHost") ?? true,
});

export const gateway = lab.gateway;
export const hosts = lab.hosts;
