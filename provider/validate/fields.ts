/**
 * Field types shared by every resource: how a value is validated (with a reason a user can act
 * on) and how it is normalised, so that `check` rejects bad input before the kernel is touched
 * and `diff` compares `AA:BB...` with `aa:bb...` as equal.
 */
import { parseCidr, parseIp } from "./ip";

/** The value the Pulumi engine passes for inputs not yet known during a preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN_VALUE;
}

export interface FieldType {
    /** Returns why the value is invalid, or undefined when it is fine. */
    problem(value: unknown): string | undefined;
    /** The canonical form of a valid value. */
    normalize(value: unknown): unknown;
}

const identity = (value: unknown) => value;

/** Kernel interface names: IFNAMSIZ is 16 including the NUL, and `ip` rejects "/", ":" and spaces. */
export const interfaceName: FieldType = {
    problem: (v) =>
        typeof v === "string" && /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,14}$/.test(v) && v !== "." && v !== ".."
            ? undefined
            : 'is not a valid interface name: use 1-15 characters of letters, digits, "_", "." and "-", not starting with "-"',
    normalize: identity,
};

/** Namespace names become file names under /run/netns. */
export const namespaceName: FieldType = {
    problem: (v) =>
        typeof v === "string" && /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,63}$/.test(v) && v !== "." && v !== ".."
            ? undefined
            : 'is not a valid namespace name: use 1-64 characters of letters, digits, "_", "." and "-", not starting with "-" or "."',
    normalize: identity,
};

/** IPv4 address labels: like an interface name, with ":" allowed (`veth1:web`). */
export const addressLabel: FieldType = {
    problem: (v) =>
        typeof v === "string" && /^[A-Za-z0-9_.][A-Za-z0-9_.:-]{0,14}$/.test(v)
            ? undefined
            : 'is not a valid address label: use 1-15 characters of letters, digits, "_", ".", ":" and "-"',
    normalize: identity,
};

export const mtu: FieldType = {
    problem: (v) =>
        Number.isInteger(v) && (v as number) >= 68 && (v as number) <= 65535
            ? undefined
            : "is not a valid MTU: use a whole number from 68 to 65535",
    normalize: identity,
};

export const macAddress: FieldType = {
    problem: (v) => {
        if (typeof v !== "string" || !/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/.test(v)) {
            return 'is not a MAC address: use six hex pairs separated by ":", e.g. "02:00:00:00:00:01"';
        }
        if (parseInt(v.slice(0, 2), 16) & 1) {
            return "is a multicast MAC address: an interface needs a unicast one (first octet even)";
        }
        return /^(00:){5}00$/.test(v) ? "is the all-zero MAC address" : undefined;
    },
    normalize: (v) => (v as string).toLowerCase(),
};

export const boolean: FieldType = {
    problem: (v) => (typeof v === "boolean" ? undefined : "must be true or false"),
    normalize: identity,
};

export function integer(min: number, max: number): FieldType {
    return {
        problem: (v) =>
            Number.isInteger(v) && (v as number) >= min && (v as number) <= max
                ? undefined
                : `must be a whole number from ${min} to ${max}`,
        normalize: identity,
    };
}

/** An interface address with its prefix: host bits are the point, so they are kept. */
export const interfaceCidr: FieldType = {
    problem: (v) => (parseCidr(v as string) ? undefined : 'is not an address with prefix, e.g. "192.168.1.11/24" or "fd00::11/64"'),
    normalize: (v) => parseCidr(v as string)!.cidr,
};

/** A network: host bits must be zero, as the kernel requires for route destinations and rule sources. */
export const networkCidr: FieldType = {
    problem: (v) => {
        const parsed = parseCidr(v as string);
        if (!parsed) {
            return 'is not a network with prefix, e.g. "192.168.1.0/24" or "fd00::/64"';
        }
        return parsed.isNetwork ? undefined : `has host bits set: the network is "${parsed.network}"`;
    },
    normalize: (v) => parseCidr(v as string)!.cidr,
};

/** A route destination: "default" or a network. Host routes may be written without a prefix. */
export const routeDestination: FieldType = {
    problem: (v) => {
        if (v === "default") {
            return undefined;
        }
        if (typeof v === "string" && !v.includes("/") && parseIp(v)) {
            return undefined;
        }
        const reason = networkCidr.problem(v);
        return reason ? `${reason.replace(/^is not a network/, 'is not "default" or a network')}` : undefined;
    },
    normalize: (v) => {
        if (v === "default") {
            return v;
        }
        const ip = parseIp(v as string);
        if (ip) {
            return `${ip.text}/${ip.bytes.length * 8}`;
        }
        return parseCidr(v as string)!.cidr;
    },
};

export const ipAddress: FieldType = {
    problem: (v) => (parseIp(v as string) ? undefined : 'is not an IP address, e.g. "192.168.1.10" or "fd00::1"'),
    normalize: (v) => parseIp(v as string)!.text,
};

/** Free text that ends up in the kernel (aliases, rule comments): printable, no quotes. */
export function label(maxLength: number): FieldType {
    return {
        problem: (v) =>
            typeof v === "string" && v.length <= maxLength && /^[A-Za-z0-9 _.:,/=+@-]*$/.test(v)
                ? undefined
                : `must be at most ${maxLength} characters of letters, digits, spaces and _.:,/=+@-`,
        normalize: identity,
    };
}

/** Route tables: a number from 1 to 2^32-1, or the names `main` (254) and `local` (255). */
export const routeTable: FieldType = {
    problem: (v) =>
        v === "main" || v === "local" || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 0xffffffff)
            ? undefined
            : 'must be "main", "local" or a table number from 1 to 4294967295',
    normalize: (v) => (v === "main" ? 254 : v === "local" ? 255 : v),
};

/**
 * The owner of a tun/tap device: a uid or gid as a whole number, or a user or group name as
 * `useradd` allows them. Normalised to text, as `ip tuntap` takes either.
 */
export const owner: FieldType = {
    problem: (v) =>
        (Number.isInteger(v) && (v as number) >= 0 && (v as number) < 4294967295) || (typeof v === "string" && /^([a-z_][a-z0-9_-]{0,31}\$?|[0-9]{1,10})$/.test(v))
            ? undefined
            : "is not a user or group: use a name (lower-case letters, digits, \"_\" and \"-\") or a number",
    normalize: (v) => String(v),
};

export function oneOf(...allowed: string[]): FieldType {
    return {
        problem: (v) =>
            allowed.includes(v as string) ? undefined : `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`,
        normalize: identity,
    };
}

/**
 * A list whose every element is of one type, without repeats. Elements still unknown during a
 * preview pass through; `check` sees them again, known, in `create`/`update`.
 */
export function listOf(element: FieldType, elementName: string, plural = `${elementName}s`): FieldType {
    return {
        problem: (v) => {
            if (!Array.isArray(v)) return `must be a list of ${plural}`;
            for (const [i, item] of v.entries()) {
                if (isUnknown(item)) continue;
                const reason = element.problem(item);
                if (reason) return `has ${elementName} [${i}] ${JSON.stringify(item)} that ${reason}`;
            }
            const known = v.filter((item) => !isUnknown(item)).map((item) => element.normalize(item));
            const repeated = known.find((item, i) => known.indexOf(item) !== i);
            return repeated === undefined ? undefined : `lists ${elementName} ${JSON.stringify(repeated)} twice`;
        },
        normalize: (v) => (v as unknown[]).map((item) => (isUnknown(item) ? item : element.normalize(item))),
    };
}
