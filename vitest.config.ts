import { defineConfig } from 'vitest/config';
import { reporters, selfAliases } from './vitest.shared.ts';

export default defineConfig({
  resolve: { alias: selfAliases },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/package/**', 'node_modules/**'],
    testTimeout: 60_000,
    reporters: reporters(process.env.VITEST_STEP ?? 'unit'),
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary'],
      thresholds: { lines: 90, statements: 90, functions: 90, branches: 85 },
    },
  },
});
