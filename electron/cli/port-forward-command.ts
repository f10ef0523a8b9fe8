/** `portside port-forward`: mirrord's flags → rules on the engine → printed events, until a signal. */
import { toErrorData } from '../../shared/errors.ts';
import type { RuleInput, RuleView } from '../../shared/model.ts';
import type { ParseResult } from '../../shared/mirrord-syntax/types.ts';
import { isLoopbackHost } from '../../shared/mirrord-syntax/host.ts';
import type { Engine } from '../engine/api/engine.ts';
import { createConfigLoader, nodeConfigFileDeps } from './config-file.ts';
import { createOutputPrinter } from './output-printer.ts';
import {
  parsePortForwardArgs,
  toRuleInputs,
  type Env,
  type PortForwardOptions,
} from './port-forward-args.ts';
import { PORT_FORWARD_HELP } from './port-forward-flags.ts';
import { defined, unusedAgentSettings, type AgentOptions } from './port-forward-options.ts';
import { createLineWriter } from './line-writer.ts';
import { jsonLine, terminalLine } from './terminal-text.ts';

/** What a mirrord config file contributes; command-line flags and MIRRORD_* variables win over it. */
export type ConfigDefaults = Partial<
  Pick<
    PortForwardOptions,
    'target' | 'namespace' | 'context' | 'kubeconfig' | 'acceptInvalidCertificates' | 'incomingMode'
  >
> & {
  agent?: Partial<AgentOptions>;
  /** Printed as `warning: …` before starting (settings the file has that port-forward ignores). */
  warnings?: string[];
};

export interface PortForwardDeps {
  env: Env;
  out(line: string): void;
  err(line: string): void;
  /** Builds the engine; `agent` carries -i/--agent-image, --agent-startup-timeout and the file's `agent.*`. */
  createEngine(agent?: Partial<AgentOptions>): Engine;
  /** Settles when the user asks to stop (SIGINT/SIGTERM). */
  stopRequested: Promise<unknown>;
  /** Reads a mirrord config file (`-` = stdin); see config-file.ts. Without it, `-f` is an error. */
  loadConfig?: (path: string) => Promise<ParseResult<ConfigDefaults>>;
  /** How long a stop waits for the engine to close everything (default 5 s); see stopEngine. */
  disposeTimeoutMs?: number;
}

const DISPOSE_TIMEOUT_MS = 5000;

/**
 * Disposes the engine, but never lets a frozen API server hold the stop: Ctrl-C must end the
 * command at once, not after the cluster's TCP timeouts. Returns false when the limit was hit.
 */
async function stopEngine(engine: Engine, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = engine.dispose().then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([done, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Stderr lines naming every failed rule and its reason (stdout may be a pipe or gone). */
function failureLines(rules: readonly RuleView[]): string[] {
  const failed = rules.filter((r) => r.reason);
  return failed.map((r) => `  ${r.name}: ${r.state}: ${r.reason}`);
}

/** `ephemeral` is always a boolean in the options, so "not given" is told apart through env. */
function mergeAgent(cli: AgentOptions, file: Partial<AgentOptions>, env: Env): AgentOptions {
  const { ephemeral, ...rest } = cli;
  const envSaysNo = env.MIRRORD_EPHEMERAL_CONTAINER === 'false';
  return {
    ...file,
    ...defined(rest),
    ephemeral: ephemeral || (!envSaysNo && file.ephemeral === true),
  };
}

/** Warnings parsePortForwardArgs leaves to us when a file may still supply the setting. */
function mergedWarnings(before: PortForwardOptions, after: PortForwardOptions): string[] {
  const w: string[] = [];
  if (after.acceptInvalidCertificates && !before.acceptInvalidCertificates)
    w.push('Accepting invalid certificates');
  if (after.agent.ephemeral && (!after.target || after.target.kind === 'targetless')) {
    w.push(
      'an ephemeral agent (--ephemeral-container or agent.ephemeral) has no effect without a target: a targetless agent runs as its own pod',
    );
  }
  w.push(...unusedAgentSettings(after.agent));
  return w;
}

async function withConfig(
  o: PortForwardOptions,
  deps: PortForwardDeps,
): Promise<ParseResult<{ options: PortForwardOptions; warnings: string[] }>> {
  if (!o.configFile) return { ok: true, value: { options: o, warnings: [] } };
  if (!deps.loadConfig) {
    return {
      ok: false,
      error: `error: reading mirrord config files (${o.configFile}) is not supported by this build yet`,
    };
  }
  const file = await deps.loadConfig(o.configFile);
  if (!file.ok) return { ok: false, error: `error: ${o.configFile}: ${file.error}` };
  const { agent = {}, warnings = [], ...settings } = file.value;
  // Flags and env were already merged (CLI > env); the file only fills what they left out.
  const options = { ...o, ...settings, ...defined(o), agent: mergeAgent(o.agent, agent, deps.env) };
  return { ok: true, value: { options, warnings: [...warnings, ...mergedWarnings(o, options)] } };
}

/** Nothing forwards any more: every rule ended failed or stopped without the user asking. */
const allDown = (rules: readonly RuleView[]): boolean =>
  rules.length > 0 && rules.every((r) => r.state === 'failed' || r.state === 'stopped');

async function addAll(engine: Engine, rules: readonly RuleInput[]): Promise<string | undefined> {
  try {
    for (const r of rules) await engine.addRule(r);
    return undefined;
  } catch (e) {
    return `error: ${toErrorData(e).message}`;
  }
}

/** Runs the command; returns the exit code (0 after a requested stop, 1 on bad input or total failure). */
export async function runPortForward(
  argv: readonly string[],
  deps: PortForwardDeps,
): Promise<number> {
  const parsed = parsePortForwardArgs(argv, deps.env);
  if (!parsed.ok) return (deps.err(parsed.error), 1);
  if (parsed.value.help) return (deps.out(PORT_FORWARD_HELP), 0);
  for (const w of parsed.value.warnings) deps.err(`warning: ${w}`);
  const merged = await withConfig(parsed.value, deps);
  if (merged.ok) for (const w of merged.value.warnings) deps.err(`warning: ${w}`);
  const rules = merged.ok ? toRuleInputs(merged.value.options) : merged;
  if (!rules.ok) return (deps.err(rules.error), 1);
  const exposed = rules.value.find((r) => r.bindAddress && !isLoopbackHost(r.bindAddress));
  if (exposed)
    deps.err(
      `warning: -L listeners bind ${exposed.bindAddress}: other machines on your network can reach the cluster through them`,
    );

  const engine = deps.createEngine(merged.ok ? merged.value.options.agent : undefined);
  const printer = createOutputPrinter(parsed.value.json ? 'json' : 'human');
  let settle: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (settle = resolve));
  let started = false;
  const offRules = engine.onRulesChanged((list) => {
    for (const line of printer.rules(list)) deps.out(line);
    if (started && allDown(list)) settle(1);
  });
  const offConns = engine.onConnectionsChanged((delta) => {
    for (const line of printer.connections(delta)) deps.out(line);
  });
  // Listen for the stop first: a Ctrl-C while rules are still being added must count.
  void deps.stopRequested.then(() => settle(0));
  const addError = await addAll(engine, rules.value);
  started = true;
  if (addError) {
    deps.err(addError);
    settle(1);
  } else if (allDown(engine.listRules())) settle(1);
  const code = await finished;
  if (code !== 0 && !addError) {
    deps.err('error: no rule is forwarding any more:');
    for (const line of failureLines(engine.listRules())) deps.err(line);
  }
  offRules();
  const limit = deps.disposeTimeoutMs ?? DISPOSE_TIMEOUT_MS;
  if (!(await stopEngine(engine, limit)))
    deps.err(
      `warning: stopped without waiting for the cluster (no answer within ${limit / 1000} s)`,
    );
  // Connections cut by the stop end with their reason and final byte counts, not silently.
  for (const line of printer.connections({ upserted: engine.listConnections(), removed: [] }))
    deps.out(line);
  offConns();
  return code;
}

/** Entry point for `bin/portside port-forward`. */
export async function main(argv: string[]): Promise<number> {
  const { createEngine } = await import('../engine/create-engine.ts');
  let offSignals = (): void => {};
  const stopRequested = new Promise<void>((resolve) => {
    // `once`: a second Ctrl+C while stopping falls through to Node's default and ends the process.
    const onSignal = (): void => resolve();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    offSignals = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  });
  const json = argv.includes('--json');
  const err = createLineWriter(process.stderr, () => undefined, terminalLine);
  const out = createLineWriter(
    process.stdout,
    () => err.write('warning: standard output was closed; forwarding goes on (Ctrl-C stops)'),
    json ? jsonLine : terminalLine,
  );
  try {
    const code = await runPortForward(argv, {
      env: process.env,
      out: (line) => out.write(line),
      err: (line) => err.write(line),
      createEngine: (agent) =>
        createEngine({
          agent: {
            ...(agent?.image ? { image: agent.image } : {}),
            ...(agent?.startupTimeout ? { startupTimeoutMs: agent.startupTimeout * 1000 } : {}),
          },
        }),
      stopRequested,
      loadConfig: createConfigLoader(nodeConfigFileDeps(process.env)),
    });
    // Sockets to a frozen API server may still hold the event loop; the stop is already done.
    setTimeout(() => process.exit(code), 2000).unref();
    return code;
  } finally {
    offSignals();
  }
}
