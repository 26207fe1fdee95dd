/** The paper forms each case type is printed as (the dealers' and the OEM's own form titles). */
export interface PaperForm {
  readonly id: string;
  readonly title: string;
}

export const PAPER_FORMS: Readonly<Record<string, readonly PaperForm[]>> = {
  complaint: [
    { id: 'registration', title: '客户投诉信息登记表' },
    { id: 'repair-order', title: '客户投诉内部维修委托书' },
  ],
  goodwill: [{ id: 'application', title: '善意补偿款申请表' }],
  'preferential-claim': [{ id: 'approval', title: '优惠索赔审批表' }],
  'warranty-claim': [{ id: 'claim', title: '质量保修索赔单' }],
};

export function paperFormsOf(caseType: string): readonly PaperForm[] {
  return PAPER_FORMS[caseType] ?? [];
}
