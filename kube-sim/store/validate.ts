/** The validation subset kube-sim enforces (422 Invalid), enough to catch malformed test manifests. */
import type { ResourceType } from './resources.ts';
import { selectorMatcher } from './selectors.ts';
import { statusErrors, type StatusCause } from './status-error.ts';
import type { KubeObject } from './types.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- specs are open JSON here */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_SCOPED = new Set(['namespaces', 'services']);

function checkName(rt: ResourceType, name: string, causes: StatusCause[]): void {
  const label = LABEL_SCOPED.has(rt.resource);
  const ok = label
    ? DNS_LABEL.test(name) && name.length <= 63
    : DNS_SUBDOMAIN.test(name) && name.length <= 253;
  if (!ok) {
    const what = label ? 'RFC 1123 label' : 'RFC 1123 subdomain';
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase ${what} must consist of lower case alphanumeric characters, '-' or '.'`,
    });
  }
}

function checkPodSpec(spec: any, path: string, causes: StatusCause[]): void {
  const containers: any[] = spec?.containers ?? [];
  if (containers.length === 0)
    causes.push({
      field: `${path}.containers`,
      reason: 'FieldValueRequired',
      message: 'Required value',
    });
  const seen = new Set<string>();
  const all = [
    ...containers,
    ...(spec?.initContainers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ];
  all.forEach((c: any, i: number) => {
    if (!c?.name || !DNS_LABEL.test(c.name))
      causes.push({
        field: `${path}.containers[${i}].name`,
        message: `Invalid value: ${JSON.stringify(c?.name ?? '')}`,
      });
    else if (seen.has(c.name))
      causes.push({
        field: `${path}.containers[${i}].name`,
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: "${c.name}"`,
      });
    seen.add(c?.name);
    if (!c?.image)
      causes.push({
        field: `${path}.containers[${i}].image`,
        reason: 'FieldValueRequired',
        message: 'Required value',
      });
  });
}

function checkSelectorMatchesTemplate(spec: any, causes: StatusCause[]): void {
  if (!spec?.selector) {
    causes.push({
      field: 'spec.selector',
      reason: 'FieldValueRequired',
      message: 'Required value',
    });
    return;
  }
  const labels = spec.template?.metadata?.labels;
  if (!selectorMatcher(spec.selector)(labels)) {
    causes.push({
      field: 'spec.template.metadata.labels',
      message: '`selector` does not match template `labels`',
    });
  }
  checkPodSpec(spec.template?.spec, 'spec.template.spec', causes);
}

function checkService(spec: any, causes: StatusCause[]): void {
  const ports: any[] = spec?.ports ?? [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535)
      causes.push({
        field: `spec.ports[${i}].port`,
        message: `Invalid value: ${JSON.stringify(p.port)}`,
      });
    if (ports.length > 1 && !p.name)
      causes.push({
        field: `spec.ports[${i}].name`,
        reason: 'FieldValueRequired',
        message: 'Required value',
      });
    if (p.name && names.has(p.name))
      causes.push({
        field: `spec.ports[${i}].name`,
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: "${p.name}"`,
      });
    names.add(p.name);
  });
}

/** Throws a 422 Invalid Status listing every problem found. */
export function validate(rt: ResourceType, obj: KubeObject): void {
  const causes: StatusCause[] = [];
  checkName(rt, obj.metadata.name, causes);
  switch (rt.key) {
    case 'pods':
      checkPodSpec(obj.spec, 'spec', causes);
      break;
    case 'deployments.apps':
    case 'replicasets.apps':
    case 'statefulsets.apps':
    case 'rollouts.argoproj.io':
      checkSelectorMatchesTemplate(obj.spec, causes);
      break;
    case 'services':
      checkService(obj.spec, causes);
      break;
  }
  if (causes.length) throw statusErrors.invalid(rt.kind, obj.metadata.name, causes);
}
