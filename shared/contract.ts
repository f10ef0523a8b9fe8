/**
 * The one IPC contract. Every channel is declared here once; the preload API, the main-process
 * and web-host handler maps and the renderer client are all derived from this object.
 * Two verbs only: `invoke` (request → response, may fail with ErrorData) and `event` (host → UI).
 */
import { z } from 'zod';
import {
  AppInfoSchema,
  ConnectionViewSchema,
  ConnectionsDeltaSchema,
  KubeChangeSchema,
  KubeContextSchema,
  KubeTargetsSchema,
  NoticeSchema,
  ProfileNameSchema,
  ProfileViewSchema,
  RuleInputSchema,
  RuleStatsDeltaSchema,
  RuleViewSchema,
  SettingsSchema,
} from './model.ts';
import { ErrorDataSchema, type ErrorData } from './errors.ts';
import { ENV_NAME, MAX_ENV_NAMES } from './mirrord-config/template-env.ts';

interface InvokeDef<Req extends z.ZodType, Res extends z.ZodType> {
  readonly kind: 'invoke';
  readonly request: Req;
  readonly response: Res;
}
interface EventDef<P extends z.ZodType> {
  readonly kind: 'event';
  readonly payload: P;
}

const invoke = <Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
): InvokeDef<Req, Res> => ({ kind: 'invoke', request, response });
const event = <P extends z.ZodType>(payload: P): EventDef<P> => ({ kind: 'event', payload });

const IdSchema = z.string().min(1).max(100);
const RuleIdSchema = z.object({ id: IdSchema }).strict();
const ProfileRefSchema = z.object({ name: ProfileNameSchema }).strict();
const K8sName = z.string().min(1).max(253);

export const contract = {
  'app:info': invoke(z.undefined(), AppInfoSchema),
  /** The renderer has bound its listeners: events queued for it may now flow. */
  'app:ready': invoke(z.undefined(), z.null()),
  'rules:list': invoke(z.undefined(), z.array(RuleViewSchema)),
  'rules:add': invoke(RuleInputSchema.strict(), RuleViewSchema),
  'rules:remove': invoke(RuleIdSchema, RuleIdSchema),
  'rules:set-enabled': invoke(
    z.object({ id: z.string().min(1).max(100), enabled: z.boolean() }).strict(),
    RuleViewSchema,
  ),
  'connections:list': invoke(
    z
      .object({ ruleId: z.string().max(100).optional() })
      .strict()
      .optional(),
    z.array(ConnectionViewSchema),
  ),
  /** Replaces a rule's definition (same id); a running rule restarts with it. */
  'rules:update': invoke(
    z.object({ id: IdSchema, input: RuleInputSchema.strict() }).strict(),
    RuleViewSchema,
  ),
  /** A stopped copy named "… (copy)"; the user edits its port before starting it. */
  'rules:duplicate': invoke(RuleIdSchema, RuleViewSchema),
  /** Undo of `rules:remove`: the rule comes back with its id (and starts if it was enabled). */
  'rules:restore': invoke(RuleIdSchema, RuleViewSchema),
  /** Start/stop a selection; each rule succeeds or fails on its own (failures as rule state). */
  'rules:set-enabled-many': invoke(
    z.object({ ids: z.array(IdSchema).max(500), enabled: z.boolean() }).strict(),
    z.array(RuleViewSchema),
  ),
  'kube:contexts': invoke(z.undefined(), z.array(KubeContextSchema)),
  'kube:namespaces': invoke(z.object({ context: K8sName }).strict(), z.array(z.string())),
  'kube:targets': invoke(
    z.object({ context: K8sName, namespace: K8sName }).strict(),
    KubeTargetsSchema,
  ),
  'profiles:list': invoke(z.undefined(), z.array(ProfileViewSchema)),
  /** Creates or replaces a profile; `previousName` renames one. */
  'profiles:save': invoke(
    z
      .object({
        name: ProfileNameSchema,
        ruleIds: z.array(IdSchema).max(500),
        previousName: ProfileNameSchema.optional(),
      })
      .strict(),
    ProfileViewSchema,
  ),
  'profiles:remove': invoke(ProfileRefSchema, ProfileRefSchema),
  'profiles:start': invoke(ProfileRefSchema, ProfileViewSchema),
  'profiles:stop': invoke(ProfileRefSchema, ProfileViewSchema),
  'settings:get': invoke(z.undefined(), SettingsSchema),
  'settings:set': invoke(SettingsSchema.partial().strict(), SettingsSchema),
  /** The host's values of the variables a dropped config file's templates read (get_env); unset ones are absent. */
  'import:env': invoke(
    z.object({ names: z.array(z.string().regex(ENV_NAME)).max(MAX_ENV_NAMES) }).strict(),
    z.record(z.string(), z.string()),
  ),
  /** App-level notices not yet dismissed (e.g. a state file that could not be read). */
  'app:notices': invoke(z.undefined(), z.array(NoticeSchema)),
  'app:dismiss-notice': invoke(RuleIdSchema, RuleIdSchema),
  /** Full rule list when a definition or state changes; live counters go in `rules:stats`. */
  'rules:changed': event(z.array(RuleViewSchema)),
  /** Only the rules whose counters moved, at most ~10 per second. */
  'rules:stats': event(RuleStatsDeltaSchema),
  'connections:changed': event(ConnectionsDeltaSchema),
  /** A picker's data changed: re-ask `kube:contexts` / `kube:namespaces` / `kube:targets`. */
  'kube:changed': event(KubeChangeSchema),
  'profiles:changed': event(z.array(ProfileViewSchema)),
  'settings:changed': event(SettingsSchema),
  'app:notices-changed': event(z.array(NoticeSchema)),
  /** A notification was clicked (Electron): show this rule in the window. */
  'app:open-rule': event(RuleIdSchema),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InvokeChannel = {
  [K in Channel]: Contract[K] extends InvokeDef<z.ZodType, z.ZodType> ? K : never;
}[Channel];
export type EventChannel = Exclude<Channel, InvokeChannel>;

type InvokeOf<K extends InvokeChannel> = Extract<Contract[K], InvokeDef<z.ZodType, z.ZodType>>;
type EventOf<K extends EventChannel> = Extract<Contract[K], EventDef<z.ZodType>>;
export type RequestOf<K extends InvokeChannel> = z.input<InvokeOf<K>['request']>;
export type ParsedRequestOf<K extends InvokeChannel> = z.output<InvokeOf<K>['request']>;
export type ResponseOf<K extends InvokeChannel> = z.output<InvokeOf<K>['response']>;
export type PayloadOf<K extends EventChannel> = z.output<EventOf<K>['payload']>;

/** `rules:set-enabled` → `rulesSetEnabled` */
type Camel<S extends string> = S extends `${infer A}:${infer B}`
  ? `${A}${Capitalize<Camel<B>>}`
  : S extends `${infer A}-${infer B}`
    ? `${A}${Capitalize<Camel<B>>}`
    : S;
export type InvokeMethodName<K extends InvokeChannel> = Camel<K>;
export type EventMethodName<K extends EventChannel> = `on${Capitalize<Camel<K>>}`;

/** What `window.portside` (and the WebSocket client) offers: one named function per channel. */
export type PortsideApi = {
  [K in InvokeChannel as InvokeMethodName<K>]: undefined extends RequestOf<K>
    ? (request?: RequestOf<K>) => Promise<ResponseOf<K>>
    : (request: RequestOf<K>) => Promise<ResponseOf<K>>;
} & {
  [K in EventChannel as EventMethodName<K>]: (
    listener: (payload: PayloadOf<K>) => void,
  ) => () => void;
};

/** Host side: one handler per invoke channel, receiving an already validated request. */
export type HandlerMap = {
  [K in InvokeChannel]: (request: ParsedRequestOf<K>) => Promise<ResponseOf<K>> | ResponseOf<K>;
};

export type EventEmitterFn = <K extends EventChannel>(channel: K, payload: PayloadOf<K>) => void;

/** What crosses any transport in answer to an invoke. */
export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: ErrorData };
export const InvokeResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorDataSchema }),
]);

const camel = (s: string): string => s.replace(/[:-]([a-z])/g, (_m, c: string) => c.toUpperCase());

export function invokeMethodName(channel: InvokeChannel): string {
  return camel(channel);
}
export function eventMethodName(channel: EventChannel): string {
  const c = camel(channel);
  return `on${c.charAt(0).toUpperCase()}${c.slice(1)}`;
}

export const invokeChannels = (Object.keys(contract) as Channel[]).filter(
  (c): c is InvokeChannel => contract[c].kind === 'invoke',
);
export const eventChannels = (Object.keys(contract) as Channel[]).filter(
  (c): c is EventChannel => contract[c].kind === 'event',
);

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && (invokeChannels as string[]).includes(name);
}
