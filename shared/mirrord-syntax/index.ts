/** mirrord `-L` / `-R` / target syntax: parsers, formatters, validation and descriptions. */
export * from './types.ts';
export { parseLocalMapping, formatLocalMapping } from './local-mapping.ts';
export { parseReverseMapping, formatReverseMapping } from './reverse-mapping.ts';
export { findDuplicateLocal, findDuplicateRemote, type LocalSlot } from './duplicates.ts';
export {
  parseTarget,
  parseTargetPath,
  parseRuleTarget,
  formatTarget,
  TARGET_KINDS,
} from './target.ts';
export { parseTargetConfig, type TargetConfig } from './target-config.ts';
export { validateRuleSpec, parseRule, REVERSE_NEEDS_TARGET, type RuleField } from './validate.ts';
export {
  describeSpec,
  describeLocalMapping,
  describeReverseMapping,
  describeTarget,
} from './describe.ts';
export {
  hostKind,
  isIpv4,
  isIpv6,
  isHostname,
  isBindAddress,
  isLoopbackHost,
  joinHostPort,
  type HostKind,
} from './host.ts';
export { parsePort, isPort } from './ports.ts';
export { TARGET_FORMATS } from './messages.ts';
