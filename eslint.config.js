import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

const noEmulator = { group: ["**/stripe-emulator/**", "@/stripe-emulator/**"], message: "Application code never imports the emulator." };
// Every page is dynamic, so next/link's prefetch makes the server render each visible link.
const noNextLink = { name: "next/link", message: "Use @/components/ui/Link (no prefetch: every Settle page is dynamic)." };

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Settle's application code never imports the emulator (tests, demo and benchmarks may).
    files: ["features/**/*.ts", "lib/**/*.ts", "components/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/testing/**"],
    rules: { "no-restricted-imports": ["error", { paths: [noNextLink], patterns: [noEmulator] }] },
  },
  {
    // Arrows point down: app → components, features → lib. lib never imports a feature, a
    // component or a route; features and components never import a route (tests and test
    // harnesses included: a test that needs a route's behaviour calls the feature function the
    // route delegates to, or lives in app/).
    files: ["**/*.{ts,tsx}"],
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./lib",
              from: ["./features", "./components", "./app"],
              message: "lib/ is the bottom layer: it never imports features/, components/ or app/.",
            },
            { target: ["./features", "./components"], from: "./app", message: "Imports point down (app → features → lib): move what is shared out of app/." },
          ],
        },
      ],
    },
  },
  {
    // The one place next/link is wrapped.
    files: ["components/ui/Link.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: [noEmulator] }] },
  },
  {
    // Routes stay thin: the database is reached through features/, never from app/.
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@prisma/client", message: "app/ must not import Prisma: call a feature function." },
            { name: "@/lib/db", message: "app/ must not import the database: call a feature function." },
            noNextLink,
          ],
          patterns: [noEmulator],
        },
      ],
    },
  },
  {
    // The emulator is Stripe's stand-in: it never imports Settle's code.
    files: ["stripe-emulator/**/*.ts"],
    rules: {
      // Stripe's wire objects are open-ended JSON; the emulator handles them as such.
      "@typescript-eslint/no-explicit-any": "off",
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/*", "**/lib/*", "**/features/*"], message: "The emulator never imports Settle's code." }] }],
    },
  },
  // Last: Prettier owns the layout (npm run format), so ESLint's stylistic rules are off.
  prettier,
];
export default config;
