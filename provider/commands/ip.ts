/**
 * Namespace targeting for argv builders. `ip -n NS ...` runs iproute2 against NS directly;
 * other tools (iptables, sysctl) have no such flag and run under `ip netns exec NS`, which gives
 * them that namespace's own ruleset and /proc/sys/net. Undefined means the root namespace.
 */

/** `ip [-n NS] args...` */
export function ipArgv(namespace: string | undefined, ...args: string[]): string[] {
    return namespace ? ["ip", "-n", namespace, ...args] : ["ip", ...args];
}

/** Runs a non-iproute2 tool inside a namespace: `ip netns exec NS argv...`. */
export function inNamespace(namespace: string | undefined, argv: string[]): string[] {
    return namespace ? ["ip", "netns", "exec", namespace, ...argv] : argv;
}

/** One `ip -batch` run: the argv to start and the lines to feed it on stdin. */
export interface IpBatch {
    argv: string[];
    input: string;
}

/**
 * Several `ip` commands for one namespace as one process: `ip [-n NS] [OPTIONS] -batch -`, each
 * command a line of stdin. A line cannot carry options of its own: the process's `options` (for
 * example `-d -j` for reads) apply to every line, so a command given with leading options is
 * accepted only when the batch carries each of them. iproute2 splits batch lines on blanks and
 * reads `#` and quotes specially, so an argument containing any of those is refused here
 * (validated names and addresses never do).
 */
export function ipBatch(namespace: string | undefined, commands: readonly string[][], options: readonly string[] = []): IpBatch {
    const prefix = ipArgv(namespace);
    const lines = commands.map((argv) => {
        if (argv.length <= prefix.length || prefix.some((word, i) => argv[i] !== word)) {
            throw new Error(`ipBatch: \`${argv.join(" ")}\` is not an ip command for ${namespace ? `namespace "${namespace}"` : "the root namespace"}`);
        }
        let args = argv.slice(prefix.length);
        const own = args.findIndex((arg) => !arg.startsWith("-"));
        const lineOptions = args.slice(0, own < 0 ? args.length : own);
        const foreign = lineOptions.find((option) => !options.includes(option));
        if (foreign !== undefined) throw new Error(`ipBatch: a batch line cannot carry the option ${foreign} (\`${argv.join(" ")}\`)`);
        args = args.slice(lineOptions.length);
        if (args.length === 0) throw new Error(`ipBatch: \`${argv.join(" ")}\` has no command`);
        const unsafe = args.find((arg) => arg === "" || /[\s#"'\\]/.test(arg));
        if (unsafe !== undefined) throw new Error(`ipBatch: argument ${JSON.stringify(unsafe)} cannot be passed through a batch line`);
        return args.join(" ");
    });
    return { argv: [...prefix, ...options, "-batch", "-"], input: lines.map((line) => `${line}\n`).join("") };
}

/**
 * The commands a run stands for: a batch (`ip [-n NS] -batch -` with its lines on stdin) as
 * each line's own `ip` command, anything else as itself. The inverse of ipBatch, for showing and
 * comparing what ran.
 */
export function commandsOf(argv: readonly string[], input?: string): string[][] {
    const batch = argv.length >= 2 && argv[0] === "ip" && argv[argv.length - 2] === "-batch" && argv[argv.length - 1] === "-";
    if (!batch || input === undefined) return [[...argv]];
    return input.split("\n").filter((line) => line.trim()).map((line) => [...argv.slice(0, -2), ...line.split(" ")]);
}
