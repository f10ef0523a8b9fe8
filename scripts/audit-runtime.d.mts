/** Types for scripts/audit-runtime.mjs. */
export type AuditSummary =
  | {
      ok: true;
      counts: Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number>;
      dependencies: number;
    }
  | { ok: false; reason: string };
export declare function summarize(text: string): AuditSummary;
export declare function exitCode(summary: AuditSummary): number;
