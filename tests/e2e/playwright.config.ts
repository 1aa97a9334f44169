import { defineConfig } from '@playwright/test';

// `cargo xtask test` starts the server with a fresh database and sets BASE_URL and CHROMIUM.
const baseURL = process.env.BASE_URL;
if (!baseURL) {
  throw new Error('BASE_URL is not set: run the end-to-end tests with `cargo xtask test e2e`');
}

export default defineConfig({
  testDir: '.',
  // `CSR=1`: the smoke journey against `trunk serve` (the app rendering itself), else the suite
  // against the server-rendered build.
  testMatch: process.env.CSR ? 'csr.smoke.ts' : '*.spec.ts',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    locale: 'en-US',
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium: browsers downloaded by test tools cannot be fetched on these machines.
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      // Without the networking flags Chromium stalls on connections this closed network refuses.
      args: [
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
    { name: 'phone', use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } },
  ],
});
