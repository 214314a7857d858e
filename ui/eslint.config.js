// The UI's lint gate, run by `make test` (`npm run lint`): ESLint's recommended rules and
// typescript-eslint's recommended ones over ui/src, plus the type-aware rules that catch
// real mistakes in a UI of async handlers (promises left floating or passed where a
// callback returns nothing). The type checker itself runs as `npm run typecheck`.
// Generated bindings are left out: nobody edits them by hand.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "scripts/", "src/bindings.ts", "src/bindings-app.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    files: ["eslint.config.js"],
    ...tseslint.configs.disableTypeChecked,
  },
);
