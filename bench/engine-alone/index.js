// N dynamic resources whose provider does nothing, with inputs about a NamespaceHost's: what the
// engine, the program and the dynamic-provider runtime cost on their own (bench/engine-alone/run.sh).
const pulumi = require("@pulumi/pulumi");

const nothing = {
    check: async (olds, news) => ({ inputs: news }),
    diff: async () => ({ changes: false }),
    create: async (inputs) => ({ id: inputs.name, outs: inputs }),
    read: async (id, props) => ({ id, props }),
    update: async (id, olds, news) => ({ outs: news }),
    delete: async () => undefined,
};

const n = Number(new pulumi.Config().get("n") ?? "200");
for (let i = 1; i <= n; i++) {
    new pulumi.dynamic.Resource(nothing, `h${i}`, {
        name: `lnxb-p${i}`, namespace: "lnxb-host", interface: "eth0", hostInterface: `lab${i}`, bridge: "labbr0",
        addresses: [`10.10.${Math.floor(i / 256)}.${i % 256}/16`], gateway: "10.10.0.1", up: true, loopbackUp: true, adopt: false,
    });
}
