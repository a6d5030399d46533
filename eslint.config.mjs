import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-output/**', 'scratch/**'] },
  js.configs.recommended,
  { files: ['scripts/**/*.mjs', '*.mjs'], languageOptions: { globals: { console: 'readonly', process: 'readonly' } } },
  ...tseslint.configs.recommended,
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // One safe door to the outside: only electron/external-links.ts may open URLs.
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='shell'][property.name='openExternal']",
          message: 'Use openExternalSafely() from electron/external-links.ts.',
        },
      ],
    },
  },
  {
    files: ['electron/external-links.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The core must run in plain Node: only the glue may import electron.
    files: ['electron/**/*.ts'],
    ignores: [
      'electron/main.ts',
      'electron/preload.ts',
      'electron/ipc-electron.ts',
      'electron/external-links.ts',
      'electron/app-menu.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only main.ts, preload.ts, the menu and the ipc glue may import electron.' },
          ],
        },
      ],
    },
  },
);
