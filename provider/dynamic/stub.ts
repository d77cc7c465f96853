/**
 * The provider objects the SDK hands to Pulumi, one module per resource type, each module's
 * `module.exports` being the provider itself. Why modules: Pulumi serialises `() => provider`
 * into every resource's state (`__provider`), and an object that is the exports of a module
 * under node_modules is written as `require("pulumi-linuxnet/dynamic/<Type>")` — a few hundred
 * bytes that stay the same across versions — instead of every function by value.
 *
 * The methods load the implementation by package name only when the engine calls them, in the
 * dynamic-provider process; loading these modules in the program process starts nothing and
 * pulls in neither execa nor the Pulumi runtime. Where the package is not installed under
 * node_modules (an `npm link`), Pulumi falls back to serialising these small functions by value,
 * which works too: they capture nothing but the type name.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

export function providerFor(resourceType: string): dynamic.ResourceProvider {
    return {
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
}
