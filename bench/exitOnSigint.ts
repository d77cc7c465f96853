/**
 * Preloaded (`node --require`) into every Node.js process of a profiled run (bench/profile.ts): the
 * engine ends its plugins with SIGINT, and a process killed by a signal never writes the profile
 * `--cpu-prof` writes at exit. An orderly exit does.
 */
process.once("SIGINT", () => process.exit(0));
