/**
 * A zod failure as one line a user can read: the first few issues, each with where it is.
 * (z.prettifyError spreads over several lines and says "received undefined".)
 */
import type { z } from 'zod';
import { displayName } from './display-text.ts';

const MAX_ISSUES = 3;

function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'request';
  const what = issue.message
    .replace(/, received undefined$/, ', but it is missing')
    .replace(/^Invalid input: expected undefined, received \w+$/, 'takes no request');
  return `${displayName(where, 60)}: ${displayName(what, 160)}`;
}

/** `rules:add: spec: Invalid input: expected string, received number; …` */
export function validationText(prefix: string, error: z.ZodError): string {
  const issues = error.issues;
  const shown = issues.slice(0, MAX_ISSUES).map(issueText).join('; ');
  const more = issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : '';
  return `${prefix}: ${shown || 'invalid'}${more}`;
}
