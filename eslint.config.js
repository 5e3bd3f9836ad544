import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'migrations/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The domain and the core stay platform-neutral: only the composition root knows adapters.
    files: ['src/**/*.ts'],
    ignores: ['src/main.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/adapters/**'], message: 'Only src/main.ts may import adapters.' },
          { group: ['@slack/*', 'discord.js', '@discordjs/*'], message: 'Platform libraries belong in adapters/.' },
        ],
      }],
    },
  },
  {
    // An adapter translates between a platform and the neutral core, and knows nothing else.
    files: ['adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/src/*', '!**/src/core', '**/src/*.js', '**/src/domain/**', '**/src/db/**', '**/src/jobs/**'], message: 'Adapters depend on src/core only.' },
        ],
      }],
    },
  },
);
