import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Only the CLI and the test/bench harnesses may print.
  { files: ['scripts/cli.ts', 'scripts/bench.ts', 'scripts/bench-finalize.ts', 'scripts/bench-dev.ts', 'test/**'], rules: { 'no-console': 'off' } },
);
