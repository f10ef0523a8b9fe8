/** Scenarios: multi-document YAML/JSON of ordinary manifests, plus `kind: SimExternalHost` documents. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
/* eslint-disable @typescript-eslint/no-explicit-any -- manifests are open JSON here */
import { PortsideError } from '../../shared/errors.ts';
import { apiVersionOf, resourceByKind } from '../store/resources.ts';
import type { KubeObject } from '../store/types.ts';

/** A host outside the cluster (`kind: SimExternalHost`), served by the app its image names (netns mode). */
export interface SimExternalHost {
  /** DNS name, e.g. `api.example.test`. */
  name: string;
  image: string;
  ports: number[];
}

export interface Scenario {
  name: string;
  /** Manifests in file order (namespaces are created first when applied). */
  objects: KubeObject[];
  externalHosts: SimExternalHost[];
}

const BUILTIN_DIR = fileURLToPath(new URL('.', import.meta.url));

/** Names of the scenarios shipped in kube-sim/scenarios/. */
export function builtinScenarioPath(name: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(name)) return undefined;
  const path = `${BUILTIN_DIR}${name}.yaml`;
  return existsSync(path) ? path : undefined;
}

function docsOf(text: string, source: string): unknown[] {
  if (extname(source) === '.json') {
    const parsed = JSON.parse(text) as unknown;
    if (Array.isArray(parsed)) return parsed;
    const list = parsed as { kind?: string; items?: unknown[] };
    return list.kind?.endsWith('List') && Array.isArray(list.items) ? list.items : [parsed];
  }
  const docs = parseAllDocuments(text);
  const out: unknown[] = [];
  for (const d of docs) {
    if (d.errors.length) throw new Error(d.errors[0]!.message);
    const v = d.toJSON() as unknown;
    if (v === null || v === undefined) continue;
    const list = v as { kind?: string; items?: unknown[] };
    if (list.kind?.endsWith('List') && Array.isArray(list.items)) out.push(...list.items);
    else out.push(v);
  }
  return out;
}

function externalHost(doc: Record<string, any>, source: string): SimExternalHost {
  const name = doc.metadata?.name;
  const image = doc.spec?.image;
  const ports = doc.spec?.ports;
  if (
    typeof name !== 'string' ||
    typeof image !== 'string' ||
    !Array.isArray(ports) ||
    !ports.every(Number.isInteger)
  ) {
    throw new PortsideError(
      'InvalidSpec',
      `${source}: a SimExternalHost needs metadata.name, spec.image and spec.ports (numbers)`,
    );
  }
  return { name, image, ports };
}

/** Parses scenario text; `source` names it in error messages (and picks JSON for `.json`). */
export function parseScenario(text: string, source: string): Scenario {
  let docs: unknown[];
  try {
    docs = docsOf(text, source);
  } catch (err) {
    throw new PortsideError(
      'InvalidSpec',
      `${source}: not valid YAML/JSON: ${(err as Error).message}`,
    );
  }
  const scenario: Scenario = { name: source, objects: [], externalHosts: [] };
  docs.forEach((d, i) => {
    const doc = d as Record<string, any>;
    if (!doc || typeof doc !== 'object' || typeof doc.kind !== 'string') {
      throw new PortsideError('InvalidSpec', `${source}: document ${i + 1} has no kind`);
    }
    if (doc.kind === 'SimExternalHost')
      return void scenario.externalHosts.push(externalHost(doc, source));
    const rt = resourceByKind(doc.kind);
    if (!rt || (doc.apiVersion && doc.apiVersion !== apiVersionOf(rt))) {
      throw new PortsideError(
        'InvalidSpec',
        `${source}: document ${i + 1}: kube-sim does not serve ${doc.apiVersion ?? '?'} ${doc.kind}`,
      );
    }
    scenario.objects.push({
      ...doc,
      apiVersion: apiVersionOf(rt),
      metadata: { ...(doc.metadata ?? {}) },
    } as KubeObject);
  });
  return scenario;
}

/** Loads `demo` (or another built-in name) or a file path. */
export async function loadScenario(nameOrPath: string): Promise<Scenario> {
  const path = builtinScenarioPath(nameOrPath) ?? nameOrPath;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new PortsideError(
      'NotFound',
      `scenario "${nameOrPath}" not found: give a built-in name (demo) or a YAML/JSON file`,
    );
  }
  const scenario = parseScenario(text, path);
  scenario.name = builtinScenarioPath(nameOrPath) ? nameOrPath : path;
  return scenario;
}
