/**
 * The `__provider` that Pulumi stores in every resource's state. Pulumi serialises the provider
 * object by value, with every function and variable it reaches; the real implementation reaches
 * execa (native code, not serialisable) and would bloat every state entry. So the stored object
 * is one stub per resource type whose methods `require` the implementation by package name at
 * call time, in the dynamic-provider process, resolved from the program's directory.
 *
 * Rules that keep the stub serialisable and small: plain functions, no `this`, nothing captured
 * except the resource type name, never the Pulumi runtime.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

const stubs: Record<string, dynamic.ResourceProvider> = {};

export function providerStub(resourceType: string): dynamic.ResourceProvider {
    stubs[resourceType] ??= {
        check: function (olds, news) {
            return require("pulumi-linuxnet/provider").providers[resourceType].check(olds, news);
        },
        diff: function (id, olds, news) {
            return require("pulumi-linuxnet/provider").providers[resourceType].diff(id, olds, news);
        },
        create: function (inputs) {
            return require("pulumi-linuxnet/provider").providers[resourceType].create(inputs);
        },
        read: function (id, props) {
            return require("pulumi-linuxnet/provider").providers[resourceType].read(id, props);
        },
        update: function (id, olds, news) {
            return require("pulumi-linuxnet/provider").providers[resourceType].update(id, olds, news);
        },
        delete: function (id, props) {
            return require("pulumi-linuxnet/provider").providers[resourceType].delete(id, props);
        },
    };
    return stubs[resourceType];
}
