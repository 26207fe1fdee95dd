/**
 * The kinds of document a case may carry as an attachment (issue #28): the paper the after-sales
 * process already works with. A fixed list, so a workflow can require one by name and the console can
 * name each in Chinese.
 */
export const ATTACHMENT_KINDS = [
  'invoice',
  'settlement-sheet',
  'court-judgment',
  'waiver-scan',
  'old-part-photo',
] as const;

export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export function isAttachmentKind(value: unknown): value is AttachmentKind {
  return typeof value === 'string' && (ATTACHMENT_KINDS as readonly string[]).includes(value);
}

/**
 * Documents a workflow's commands need attached first, declared as data in the workflow's folder: for
 * each action, the kinds of attachment the case must already carry (one of each). The engine refuses the
 * command with 422 naming the missing kinds, before it appends anything. It holds for cases on machine
 * version `fromVersion` and later, so cases running on an earlier version keep accepting what they did.
 * It is a precondition the engine checks, not a decision of the machine: replays, goldens and
 * verification are unaffected.
 */
export interface RequiredDocuments {
  readonly fromVersion: number;
  readonly actions: Readonly<Record<string, readonly AttachmentKind[]>>;
}
