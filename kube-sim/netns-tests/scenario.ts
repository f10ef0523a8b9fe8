/** The scenario of the netns kubectl tests: the shipped demo, plus `api.example.test` if it lacks it. */
import { loadScenario, type Scenario } from '../scenarios/load.ts';

/** The outside host the netns issue names: app http on port 80, reachable from pods only. */
export const API_EXAMPLE_HOST = {
  name: 'api.example.test',
  image: 'portside/sim-http:1',
  ports: [80],
};

/** The demo scenario with the outside host `api.example.test`. */
export async function demoWithExternalHost(): Promise<Scenario> {
  const demo = await loadScenario('demo');
  if (demo.externalHosts.some((h) => h.name === API_EXAMPLE_HOST.name)) return demo;
  return { ...demo, externalHosts: [...demo.externalHosts, API_EXAMPLE_HOST] };
}
