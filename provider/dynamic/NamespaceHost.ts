// The NamespaceHost provider object: see stub.ts for why each type is a module of its own.
import { providerFor } from "./stub";
export = providerFor("NamespaceHost");
