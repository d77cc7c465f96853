/**
 * The provider objects the SDK hands to Pulumi, one module per resource type, each module's
 * `module.exports` being the provider itself. Why modules: every resource's state keeps, as
 * `__provider`, the code the dynamic provider loads its provider from, and with a module under
 * node_modules that code is one line, `require("pulumi-linuxnet/dynamic/<Type>")` (sdk/resource.ts
 * writes it: 66-80 bytes that stay the same across versions), instead of every function by value.
 *
 * Those modules hold nothing but their type's name, so they are not written by hand: the build
 * writes `dynamic/<Type>.js` for every type in the registry (scripts/providerModules.ts), and
 * package.json exports them as `pulumi-linuxnet/dynamic/*`.
 *
 * The methods load the implementation by package name only when the engine calls them, in the
 * dynamic-provider process; loading these modules in the program process starts nothing and
 * pulls in neither execa nor the Pulumi runtime.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";

/** The provider of a type, from the package's provider side, loaded by name when first called. */
function providerOf(typeName: string): Required<dynamic.ResourceProvider> {
    return (require("pulumi-linuxnet/provider") as typeof import("../index")).providers[typeName] as Required<dynamic.ResourceProvider>;
}

/** The provider object of one type: every method calls the package's provider at call time. */
export function providerFor(typeName: string): dynamic.ResourceProvider {
    return {
        check: function (olds, news) {
            return providerOf(typeName).check(olds, news);
        },
        diff: function (id, olds, news) {
            return providerOf(typeName).diff(id, olds, news);
        },
        create: function (inputs) {
            return providerOf(typeName).create(inputs);
        },
        read: function (id, props) {
            return providerOf(typeName).read(id, props);
        },
        update: function (id, olds, news) {
            return providerOf(typeName).update(id, olds, news);
        },
        delete: function (id, props) {
            return providerOf(typeName).delete(id, props);
        },
    };
}

/** The text of the module `dynamic/<typeName>.js` the build writes. */
export function providerModuleSource(typeName: string): string {
    return `// Written by the build for resource type ${typeName}: see stub.ts.\nmodule.exports = require("./stub").providerFor(${JSON.stringify(typeName)});\n`;
}
