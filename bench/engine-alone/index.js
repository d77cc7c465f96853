// N dynamic resources whose provider does nothing, with inputs about a NamespaceHost's: what the
// engine, the program and the dynamic-provider runtime cost on their own (bench/engine-alone/run.sh).
const pulumi = require("@pulumi/pulumi");

// A module under node_modules (run.sh writes it), so that Pulumi stores it by reference (a
// `require` of it inside a closure frame, about 280 bytes) rather than serialising its functions
// into every resource. A plain pulumi.dynamic.Resource, as a user would write one; our classes
// store a shorter one-line `require` (sdk/resource.ts), so this floor keeps some 400 bytes more
// per resource (inputs and outputs) than a NamespaceHost's `__provider`.
const nothing = require("linuxnet-engine-alone-provider");

const n = Number(new pulumi.Config().get("n") ?? "200");
for (let i = 1; i <= n; i++) {
    new pulumi.dynamic.Resource(nothing, `h${i}`, {
        name: `lnxb-p${i}`, namespace: "lnxb-host", interface: "eth0", hostInterface: `lab${i}`, bridge: "labbr0",
        addresses: [`10.10.${Math.floor(i / 256)}.${i % 256}/16`], gateway: "10.10.0.1", up: true, loopbackUp: true, adopt: false,
    });
}
