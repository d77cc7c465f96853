/**
 * Build step: writes `dist/provider/dynamic/<Type>.js` for every resource type in the registry —
 * the modules Pulumi stores by reference in each resource's state (see provider/dynamic/stub.ts).
 *
 *   node dist/scripts/providerModules.js
 */
import * as fs from "fs";
import * as path from "path";
import { providerModuleSource } from "../provider/dynamic/stub";
import { resourceTypes } from "../provider/registry";

const DYNAMIC = path.resolve(__dirname, "../provider/dynamic");

for (const typeName of resourceTypes().keys()) {
    fs.writeFileSync(path.join(DYNAMIC, `${typeName}.js`), providerModuleSource(typeName));
}
