import { defineConfig } from 'vitest/config';

// The kubectl conformance suite runs a second time with pods as network namespaces; that needs
// root (ip netns, iptables). CI runs as root, so there it always runs.
const netnsConformance = process.getuid?.() === 0;
if (!netnsConformance) {
  console.warn('conformance-netns project not run: kube-sim netns mode needs root');
}

export default defineConfig({
  test: {
    // Integration suites start real servers and kubectl processes; keep the pool small on 2 cores.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['{electron,shared,kube-sim,agent,bin,scripts,testing,faults}/**/*.test.ts'],
        },
      },
      ...(netnsConformance
        ? [
            {
              extends: true as const,
              test: {
                name: 'conformance-netns',
                environment: 'node',
                include: ['kube-sim/conformance/**/*.test.ts'],
                env: { KUBE_SIM_NETWORK: 'netns' },
              },
            },
          ]
        : []),
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['renderer/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
});
