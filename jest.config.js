// Four suites: unit (pure, no root), kernel (real kernel, throwaway namespaces), engine (the real
// Pulumi CLI on a local file backend), reliability (drift, crashes, foreign objects, parallelism,
// bad input: things broken on purpose). `npm test` runs all four; the leak check runs last.
// Fixes this run's id (the prefix of every namespace the tests make) before the workers start.
require("./tests/helpers/names");
const transform = { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json" }] };
const project = (name, extra = {}) => ({
    displayName: name,
    testMatch: [`<rootDir>/tests/${name}/**/*.test.ts`],
    testEnvironment: "node",
    // Engine tests copy programs (with their package.json) under tests/.work while Jest runs.
    modulePathIgnorePatterns: ["<rootDir>/tests/.work/"],
    transform,
    ...extra,
});

module.exports = {
    projects: [
        project("unit"),
        project("kernel"),
        project("engine"),
        project("reliability"),
        // Distribution guests under QEMU: `npm run test:hosts` only (scripts/test-hosts.sh).
        ...(process.env.LINUXNET_TEST_HOSTS ? [project("hosts")] : []),
    ],
    // Engine tests drive several `pulumi` runs each; kernel and unit tests never come close.
    testTimeout: 600_000,
    globalTeardown: "<rootDir>/tests/helpers/leakCheck.js",
};
