// @ts-check
// ESLint flat config. `npm run lint` runs it with --max-warnings 0, so a warning fails as an error does.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'public/', 'playwright-report/', 'test-results/', '.bench/']),

  // Everything: ESLint's and typescript-eslint's type-checked recommended rules. The type-aware rules are
  // the point: no-floating-promises (a dropped promise must be marked `void`), no-misused-promises (an
  // async callback where a void one is expected, e.g. onClick), await-thenable, etc.
  {
    files: ['**/*.{ts,tsx,mts,mjs,js}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // src/ is in tsconfig.app.json, e2e/ and the config files in tsconfig.node.json (via tsconfig.json's
        // references). The plain-JS files are in no tsconfig: they get a default project with the node
        // tsconfig's options (bundler resolution, node types), so their imports resolve to real types.
        // The default cap is 8 such files and there are 8 today (7 scripts and this file): raised so the
        // next script does not stop the linter.
        projectService: {
          allowDefaultProject: ['eslint.config.js', 'scripts/*.mjs', 'scripts/*/*.mjs'],
          defaultProject: 'tsconfig.node.json',
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 20,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Callback props and hosts are declared as properties, so that an unbound method is caught where it
      // matters (`onClick={session.train}`) and not on every `onChange(value): void` in a props interface.
      '@typescript-eslint/method-signature-style': ['error', 'property'],
      // Work handed to a queue or a test fake is async by contract even when its body awaits nothing.
      '@typescript-eslint/require-await': 'off',
      // A caught error is passed on as it came (it may not be an Error), and that is the point.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },

  // Plain JavaScript (scripts/*.mjs, this file) is not type-checked (no checkJs), so most values are `any`
  // and the no-unsafe-* rules would flag nearly every line: they need annotated code to mean anything.
  // The promise rules still work there (a call to an async function is known to return a promise).
  {
    files: ['**/*.{mjs,js}'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // The app: browser code with React hooks.
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    extends: [reactHooks.configs.flat.recommended],
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // eslint-plugin-react-hooks v7's recommended set adds the React Compiler's checks. This app does not
      // use the compiler (no babel-plugin-react-compiler), so:
      // - kept (recommended level, error): the rules that find bugs in any React code: static-components
      //   (a component made during render remounts every render), use-memo, immutability (mutating props,
      //   state or hook results), globals (writing globals in render), refs (reading/writing ref.current in
      //   render), set-state-in-effect and set-state-in-render (cascading renders/loops), error-boundaries
      //   (try/catch around JSX does not catch render errors), purity (Date.now/Math.random in render).
      // - off: the rules that are only about what the compiler can or cannot compile and memoize, and so
      //   say nothing without it: preserve-manual-memoization, incompatible-library, unsupported-syntax,
      //   and config/gating (they check the compiler's own options).
      'react-hooks/preserve-manual-memoization': 'off',
      'react-hooks/incompatible-library': 'off',
      'react-hooks/unsupported-syntax': 'off',
      'react-hooks/config': 'off',
      'react-hooks/gating': 'off',
    },
  },

  // Node code: the scripts, the Playwright tests and the top-level configs. scripts/bench.mjs and
  // screenshot.mjs pass functions to page.evaluate() that run in the page, hence the browser globals too.
  {
    files: ['scripts/**', 'e2e/**', '*.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['scripts/**'],
    languageOptions: { globals: globals.browser },
  },

  // No source file over 400 lines, every line counted (scripts/check-layout.mjs checks the same).
  {
    files: ['src/**', 'e2e/**', 'scripts/**'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },

  // Last: switch off every stylistic rule that Prettier owns.
  prettier,
);
