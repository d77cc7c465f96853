// ESLint with typescript-eslint's type-aware rules, run by `npm test` (`npm run lint` alone).
// The shipped code (provider/, sdk/) and the tools hold to them without exceptions; tests may
// reach into untyped JSON (ip -j output, Pulumi state) with `any`.
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");

module.exports = tseslint.config(
    // TypeScript only: the few plain JS files (this one, Jest's config and helpers) are configuration.
    { ignores: ["dist/**", "node_modules/**", "tests/.work/**", "docs/**", "**/*.js"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: {
            // The three TypeScript projects: shipped code and tools, tests, and the example programs.
            parserOptions: { project: ["./tsconfig.json", "./tsconfig.test.json", "./tsconfig.programs.json"], tsconfigRootDir: __dirname },
        },
        rules: {
            // Unused arguments are part of an interface (a provider method that ignores `olds`).
            "@typescript-eslint/no-unused-vars": ["error", { args: "none", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
            // `require` at call time is how the provider stays out of the program process and how
            // the SDK reaches the provider modules Pulumi stores by reference.
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        files: ["tests/**/*.ts"],
        rules: {
            // Test doubles are async to match the interfaces they stand in for.
            "@typescript-eslint/require-await": "off",
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-return": "off",
            "@typescript-eslint/no-non-null-assertion": "off",
            // Tests save and restore methods such as Error.prepareStackTrace.
            "@typescript-eslint/unbound-method": "off",
        },
    },
);
