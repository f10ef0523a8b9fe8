/** App-level state the UI shows beside the rules: profiles, settings, notices. */
import { z } from 'zod';

export const ProfileNameSchema = z.string().trim().min(1).max(80);

/** A named set of rules that start and stop together. */
export const ProfileSchema = z.object({
  name: ProfileNameSchema,
  ruleIds: z.array(z.string().min(1).max(100)).max(500),
});
export type Profile = z.infer<typeof ProfileSchema>;

/** A profile as the UI sees it: `running` when every one of its rules is enabled. */
export const ProfileViewSchema = ProfileSchema.extend({
  running: z.boolean(),
});
export type ProfileView = z.infer<typeof ProfileViewSchema>;

export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof ThemeSchema>;

export const SettingsSchema = z.object({
  /** On launch, start again the rules that were running when Portside quit. */
  restoreRunningRules: z.boolean(),
  /** `system` follows the OS (prefers-color-scheme / nativeTheme). */
  theme: ThemeSchema,
  // Tray and notifications (optional: files written before them mean the defaults, on / none).
  /** Closing the window keeps Portside running in the tray (default on). */
  keepRunningInTray: z.boolean().optional(),
  /** The one-time "still running in the tray" hint has been shown. */
  trayHintShown: z.boolean().optional(),
  /** Notify when a rule fails, gives up or recovers (default on). */
  notifications: z.boolean().optional(),
  /** Rules whose notifications are off. */
  mutedRuleIds: z.array(z.string().min(1).max(100)).max(500).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { restoreRunningRules: true, theme: 'system' };

/** An app-level message (e.g. a state file could not be read and was kept aside). */
export const NoticeSchema = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  at: z.number(),
});
export type Notice = z.infer<typeof NoticeSchema>;
