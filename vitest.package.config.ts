import { defineConfig } from 'vitest/config';
import { reporters } from './vitest.shared.ts';

// The consumer smoke test: packs the tarball and imports it as a host app would.
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: reporters('consumer'),
  },
});
