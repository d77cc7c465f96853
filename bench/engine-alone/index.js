// N dynamic resources whose provider does nothing, with inputs about a NamespaceHost's: what the
// engine, the program and the dynamic-provider runtime cost on their own (bench/engine-alone/run.sh,
// and `npm run bench` beside each local lab). JavaScript, so the floor is the least Pulumi can cost:
// the same program in TypeScript, measured once, was slower than the lab itself (200 resources: up
// --yes 13.0 s against the lab's 11.5 s, same run), most likely because ts-node then maps the SDK's
// own bookkeeping stack traces, which pulumi-linuxnet's classes avoid (sdk/resource.ts).
const pulumi = require("@pulumi/pulumi");

// Registered as pulumi-linuxnet's classes register theirs (sdk/resource.ts): a dynamic resource
// whose `__provider` is a one-line `require` of a module under node_modules (provider.js, copied
// there by whoever runs this program), which the dynamic provider loads. pulumi.dynamic.Resource
// would store the same `require` inside a closure frame, some 400 bytes more per resource (inputs
// and outputs), and serialised by value every figure rose by 15-45%.
const PROVIDER = 'exports.handler = () => require("linuxnet-engine-alone-provider");\n';

const n = Number(new pulumi.Config().get("n") ?? "200");
for (let i = 1; i <= n; i++) {
    new pulumi.CustomResource("pulumi-nodejs:dynamic:Resource", `h${i}`, {
        __provider: PROVIDER,
        name: `lnxb-p${i}`, namespace: "lnxb-host", interface: "eth0", hostInterface: `lab${i}`, bridge: "labbr0",
        addresses: [`10.10.${Math.floor(i / 256)}.${i % 256}/16`], gateway: "10.10.0.1", up: true, loopbackUp: true, adopt: false,
    });
}
