import * as pulumi from "@pulumi/pulumi";

/**
 * Where a resource's kernel object lives, when that is not the machine running `pulumi up`: a lab
 * host reached over SSH (OpenSSH's `ssh`, a few sessions per host kept for the whole run). The host key is
 * always verified, against `hostKey` or else the user's own `~/.ssh/known_hosts`; an unknown host is
 * refused, never trusted on first sight.
 *
 * ```ts
 * const lab1 = { host: vm.ipAddress, user: "root", privateKey: config.requireSecret("labKey"), hostKey: "ssh-ed25519 AAAA..." };
 * const br = new linuxnet.Bridge("br0", { name: "br0", connection: lab1 });
 * ```
 */
export interface ConnectionArgs extends Omit<JumpHostArgs, "host" | "port"> {
    /**
     * Host name or address. A different host is a different object: changing it replaces the
     * resource. Without it, the connection is this machine (with `become`).
     */
    host?: pulumi.Input<string>;
    /** SSH port. Default 22. Changing it replaces the resource. */
    port?: pulumi.Input<number>;
    /**
     * `"sudo"`: run the kernel commands as `sudo -n -- ip ...` (and `iptables`, `sysctl`), for a
     * user who is not root, on the host or, without `host`, on this machine. sudo must allow them
     * without a password (README: the sudoers line); it is never given one. Updated in place.
     */
    become?: pulumi.Input<"sudo">;
    /**
     * A jump host (bastion) through which this machine reaches `host`, as `ssh -J` does: ssh logs
     * in to the jump host with its own fields below and asks it to forward one TCP connection to
     * `host`, where the session logs in as usual. The jump host needs sshd with TCP forwarding
     * allowed; nothing runs on it. `host` is then an address or name as the jump host sees it.
     * Adding or dropping it, or changing its `host` or `port`, replaces the resource: the same
     * address behind another jump host may be another machine. Its other fields update in place.
     */
    proxy?: pulumi.Input<JumpHostArgs>;
}

/** How to log in to a jump host: the same fields, checked the same way, as the lab host's own. */
export interface JumpHostArgs {
    /** Host name or address of the jump host, as this machine sees it. */
    host: pulumi.Input<string>;
    /** SSH port of the jump host. Default 22. */
    port?: pulumi.Input<number>;
    /** User to log in as. Default `root`. Updated in place (nothing changes in the kernel). */
    user?: pulumi.Input<string>;
    /**
     * The text of a private key file (OpenSSH or PEM). Stored only as a secret; written to a private
     * file while ssh connects, then removed. Default: the ssh agent, then the user's own keys.
     * Updated in place.
     */
    privateKey?: pulumi.Input<string>;
    /** Path of an ssh-agent socket to use instead of `$SSH_AUTH_SOCK`. Updated in place. */
    agentSocket?: pulumi.Input<string>;
    /**
     * The host's public key, as in its `/etc/ssh/ssh_host_ed25519_key.pub` ("ssh-ed25519 AAAA...").
     * Default: the user's `~/.ssh/known_hosts` must know the host. Updated in place.
     */
    hostKey?: pulumi.Input<string>;
}

/** The `connection` argument every resource takes. */
export interface RemoteArgs {
    /**
     * The lab host the object lives on, over SSH. Default: the stack setting `linuxnet:connection`
     * (an object of the same fields), else this machine. A different host (or port) replaces the
     * object; new credentials for the same host update it in place and change nothing in the
     * kernel. Kept in the state as a secret.
     */
    connection?: pulumi.Input<ConnectionArgs>;
}

/** The stack-wide default connection (`linuxnet:connection`), if set. */
export function defaultConnection(): ConnectionArgs | undefined {
    return new pulumi.Config("linuxnet").getObject<ConnectionArgs>("connection");
}
