/** Types for scripts/electronegativity.mjs. */
export interface Finding {
  issue: string;
  severity: string;
  file: string;
  location: string;
  sample: string;
  description: string;
}
export interface Accepted {
  issue: string;
  file: string;
  justification?: string;
}
export declare function parseCsv(text: string): string[][];
export declare function readFindings(text: string, root?: string): Finding[];
export declare function evaluate(
  findings: Finding[],
  accepted: Accepted[],
): {
  blocking: Finding[];
  excused: Finding[];
  info: Finding[];
  stale: Accepted[];
  unjustified: Accepted[];
};
export declare function findingsWithRetry(
  run: () => void,
  read: () => Finding[],
  attempts?: number,
): Finding[];
