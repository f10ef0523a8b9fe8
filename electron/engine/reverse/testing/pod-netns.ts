/** Test support for netns mode: a pod's network namespace (found by its IP) and its iptables. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { execIn, httpGet } from '../../../../kube-sim/netns-tests/testing/netns.ts';
import type { Sim } from '../../../../kube-sim/index.ts';

/** A pod as these helpers need it. */
export interface PodAddress {
  name: string;
  ip: string;
}

/**
 * The kube-sim network namespace of a pod: its kubelet-written hosts file names the pod with its
 * IP (IPs alone repeat across sims running in parallel; pod names carry random suffixes).
 */
export function podNetns(pod: PodAddress): string {
  const line = new RegExp(`^${pod.ip.replace(/\./g, '\\.')}\\s+${pod.name}$`, 'm');
  for (const ns of readdirSync('/etc/netns').filter((n) => /^pss-[a-z0-9]{6}-p\d+$/.test(n))) {
    try {
      if (line.test(readFileSync(`/etc/netns/${ns}/hosts`, 'utf8'))) return ns;
    } catch {
      // removed meanwhile
    }
  }
  throw new Error(`no network namespace holds pod ${pod.name} (${pod.ip})`);
}

/** `iptables-save -t nat` inside the pod's namespace. */
export const podNat = (pod: PodAddress): string =>
  execFileSync('ip', ['netns', 'exec', podNetns(pod), 'iptables-save', '-t', 'nat'], {
    encoding: 'utf8',
  });

/** An HTTP GET run inside a pod (its first container), as another pod of the cluster would. */
export async function getFromPod(
  sim: Sim,
  namespace: string,
  selector: string,
  url: string,
): Promise<string> {
  const pod = sim.readyPods(namespace, selector)[0];
  if (!pod) throw new Error(`no ready pod ${selector} in ${namespace}`);
  const ref = { namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  const container = (pod.spec.containers[0] as { name: string }).name;
  const r = await execIn(sim.runtime, ref, container, httpGet(url));
  return r.stdout;
}

/** Pids of the Portside agent processes running in the pod. */
export function agentPidsIn(pod: PodAddress): number[] {
  const ns = podNetns(pod);
  const pids: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'utf8').includes('PORTSIDE_AGENT_SECRET_SHA256='))
        continue;
      const where = execFileSync('ip', ['netns', 'identify', pid], { encoding: 'utf8' }).trim();
      if (where === ns) pids.push(Number(pid));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}

/** SIGKILLs the Portside agent processes running in the pod; returns how many. */
export function killAgentsIn(pod: PodAddress): number {
  const pids = agentPidsIn(pod);
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  return pids.length;
}
