// Type-aware lint: the rules that catch a promise nobody awaits or catches — how a consumer loop once
// crashed its process (issue 11) — plus the plain-JavaScript mistakes @eslint/js calls errors.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '.tap/**', 'bench/dist/**', '**/*.d.ts'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        project: [
          'libs/*/tsconfig.json',
          'emulators/*/tsconfig.json',
          'services/*/tsconfig.json',
          'gateway/tsconfig.json',
          'standalone/tsconfig.json',
          'deploy/tsconfig.json',
          'bench/tsconfig.json',
          'tsconfig.test.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // tap runs a subtest whose promise is not awaited: that is how its tests are written.
        { allowForKnownSafePromises: [{ from: 'package', name: 'PromiseWithSubtest', package: '@tapjs/core' }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Tests and the Stripe/Dolibarr shapes read untyped JSON on purpose; the compiler's strict mode covers the rest.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
