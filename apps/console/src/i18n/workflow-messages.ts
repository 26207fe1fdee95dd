/**
 * The workflows' own words in Chinese: stored event types, diagram conditions, field hints and form
 * intros. English shows the engine's own text (its OpenAPI descriptions) or the humanised id.
 */

/** Stored event types (names never change, so neither do these keys). */
export const eventZh: Readonly<Record<string, string>> = {
  AttachmentAdded: '添加附件',
  ComplaintReceived: '受理投诉',
  ComplaintVerified: '核实投诉',
  ComplaintDismissed: '驳回投诉',
  ComplaintResolutionProposed: '提出处理方案',
  ComplaintCustomerReplied: '记录客户答复',
  ComplaintFeedbackReported: '反馈处理结果',
  ComplaintSatisfactionConfirmed: '确认满意度',
  ComplaintFollowUpRecorded: '记录回访',
  ComplaintEscalated: '升级投诉',
  ComplaintClosed: '关闭投诉',
  ComplaintReopened: '重新打开投诉',
  ComplaintDeadlineBreached: '投诉时限超时',
  ComplaintDismissalApproved: '批准驳回投诉',
  ComplaintDismissalRefused: '不批准驳回投诉',
  ComplaintTakenOver: '接手投诉',
  ComplaintRepairOrderReceived: '接收内部维修委托书',
  ComplaintClockPaused: '暂停计时',
  ComplaintClockResumed: '恢复计时',
  GoodwillApplicationSubmitted: '提交善意补偿申请',
  GoodwillWaiverConfirmed: '确认免责协议',
  GoodwillApprovalSigned: '签批',
  GoodwillApplicationRejected: '拒绝申请',
  GoodwillApplicationReturned: '退回申请',
  GoodwillApplicationResubmitted: '重新提交申请',
  GoodwillRegionalStaffNotified: '通知区域服务人员',
  GoodwillSettlementMaterialRequested: '要求结算资料',
  GoodwillSettlementMaterialSubmitted: '提交结算资料',
  GoodwillSettled: '善意补偿款已结算',
  PreferentialClaimOpened: '新建优惠索赔',
  PreferentialClaimVehicleVerified: '核实车辆',
  PreferentialClaimQualityDecided: '判定质量问题',
  PreferentialClaimFormFilled: '填写申请表',
  PreferentialClaimClaimabilityDecided: '确认可办理',
  PreferentialClaimSigned: '签字',
  PreferentialClaimAudited: '技术审核',
  PreferentialClaimProcessed: '厂家处理',
  PreferentialClaimResultNotified: '通知结果',
  PreferentialClaimSettled: '优惠索赔已结算',
  PreferentialClaimRejected: '拒绝优惠索赔',
  WarrantyClaimOpened: '新建质量保修索赔',
  WarrantyClaimQualityDetermined: '质量鉴定',
  WarrantyClaimSubmitted: '提交索赔',
  WarrantyClaimWithdrawn: '撤回索赔',
  WarrantyClaimOldPartsShipped: '寄回旧件',
  WarrantyClaimOldPartsReceived: '接收旧件',
  WarrantyClaimOldPartsInspected: '旧件鉴定',
  WarrantyClaimApproved: '批准索赔',
  WarrantyClaimRejected: '拒绝索赔',
  WarrantyClaimPaid: '支付索赔',
  WarrantyClaimCallbackRecorded: '记录回访',
  WarrantyClaimDeadlineBreached: '索赔申报超时',
  WarrantyClaimWholeVehicleApproved: '批准整车索赔',
  WarrantyClaimCustomerPaidFollowedUp: '跟进客户付费',
  WarrantyClaimPreferentialClaimOpened: '转为优惠索赔',
  FollowUpScheduled: '安排回访',
  FollowUpAttemptRecorded: '记录拨打结果',
  FollowUpCompleted: '完成回访',
  FollowUpCancelled: '取消回访',
  FollowUpComplaintOpened: '回访转为投诉',
  FollowUpWindowMissed: '错过回访窗口',
  FollowUpReminderSent: '提醒已发送',
  FollowUpReminderFailed: '提醒发送失败',
  FollowUpReminderReplied: '客户回复提醒',
  ServiceEventReceived: '接收服务事件',
};

/** The guards the diagrams name on their edges. */
export const conditionZh: Readonly<Record<string, string>> = {
  otherwise: '否则',
  actsAsHandler: '由当前处理人操作',
  actsAs: '由指定角色操作',
  actsInSeatAs: '由当前签批人操作',
  allSigned: '全部签批完成',
  auditPassed: '审核通过',
  bothSigned: '双方均已签字',
  bySystem: '系统自动',
  canApply: '可申请',
  canEscalate: '可升级',
  lastReached: '已接通',
  callByCustomerService: '由客服拨打（电话回访）',
  reminderBySystem: '网关回执（短信/邮件提醒）',
  byCustomerService: '由客户服务人员操作',
  mayCancel: '可取消',
  mayLinkComplaint: '可关联投诉',
  maySchedule: '可安排',
  noLongerReachable: '无法再联系',
  canTakeOver: '升级到的经理可接手',
  decidesAnothersDismissal: '由申请人以外的服务经理操作',
  actsApartAs: '由未代表经销商办理此索赔的人操作',
  partConfirmedApartAs: '旧件确认后由未代表经销商办理的人审批',
  returnMissedApartAs: '旧件逾期后由未代表经销商办理的人拒绝',
  canPause: '当前处理角色可暂停',
  canResume: '当前处理角色可恢复',
  breachMovesUp: '超时后升级一级',
  canOpen: '可新建',
  canReceive: '可受理',
  claimable: '可索赔',
  wholeVehicle: '整车索赔条件成立',
  customerPaid: '客户已付费',
  preferentialOfferAs: '可转为优惠索赔',
  customerSatisfied: '客户满意',
  followUpDissatisfied: '回访不满意',
  isClaimable: '可办理',
  isQualityProblem: '属于质量问题',
  mayRejectAtSignatures: '签批中可拒绝',
  maySignForm: '可签字',
  onTurn: '轮到此签批人',
  replyAccepted: '客户接受方案',
  waiverConfirmed: '免责协议已确认',
};

/**
 * Hints under fields, and the intro of each create form (`create.<caseType>`). A hint for one workflow's
 * field is keyed `<resource>.<field>`; a bare field name applies wherever the field appears.
 */
export const hintZh: Readonly<Record<string, string>> = {
  vin: '17 位，不含字母 I、O、Q',
  phone: '手机号，或带区号的固定电话',
  safety: '涉及安全的投诉即为重大投诉',
  currency: '货币代码（ISO 4217），默认人民币',
  lossDescription: '客户的直接损失（不含间接损失）',
  signedAt: '经销商与客户签署免责协议的时间；须在垫付之前，且不得晚于提交时间',
  emergencyAdvance: '应急处理时，经汽车生产企业技术团队现场确认后，经销商已先行垫付给客户',
  complaintId: '此申请所处理的重大投诉（须为本经销商的重大投诉）',
  costLines:
    '每项费用注明类型：直接费用（赔偿客户损失及诉讼等，予以支付）或连带费用（仅记录，不予支付）；申请金额为直接费用之和',
  paidAt: '经销商垫付给客户的时间；免责协议须在此之前签订',
  confirmedBy: '现场确认的汽车生产企业技术团队人员',
  confirmedAt: '现场确认的时间，须在垫付之前',
  serviceCompletedAt: '自维修完成起计算索赔申报期限',
  // The preferential claim's cause (a choice); a complaint's cause is the handler's own analysis.
  'preferential-claims.cause': '自然灾害造成的损坏不能申请优惠索赔',
  judgement: '不良：材料或制造缺陷；不满：符合国家或企业标准，但客户不满意；客户过失：客户使用不当造成',
  costHandling: '由谁承担费用、金额多少；除客户自付外，金额不得超过处理人的权限范围',
  customerReply: '已告知客户的答复（首问责任制）；驳回须经服务经理批准',
  internalOrderRef: '《客户投诉内部维修委托书》编号；收到后开始 24 小时反馈计时',
  rootCause: '问题发生的原因',
  preventiveAction: '如何预防问题重蹈覆辙',
  deadline: '要暂停或恢复的时限；暂停期间不计入超时',
  'create.complaint': '受理客户投诉；受理的经销商负责处理。',
  'create.goodwill':
    '经销商服务总监为处理重大客户投诉提交申请，附费用明细（仅直接费用予以支付）和垫付前已签署的免责协议。',
  'create.preferential-claim': '经销商服务总监在初步审核后新建优惠索赔。',
  'create.warranty-claim':
    '索赔员为按质量保修完成的维修新建索赔：逐项填写工时代码和零件，按厂家价格表核价，超过系统价格的项目会被拒绝。',
  labour: '按厂家工时目录的工时代码逐项申报；工时费 = 标准工时 × 区域工时单价',
  claimedCents: '本项申报金额，不得超过厂家价格表的系统价格',
  wholeVehicle:
    '整车索赔：故障无法完全排除、修复不能达到国家相关技术标准，或提车不超过 24 小时即发生重大故障；车辆发生过交通事故的不能索赔整车',
  deliveredAt: '客户提车的时间；与重大故障时间按小时计算，不按日历日',
  accidentHistory: '车辆是否发生过交通事故（无论是否与本次故障有关）',
  'warranty-claims.customerSensitivity': '敏感客户出保后可转为优惠索赔',
};

/**
 * Eligibility rules in Chinese, by rule id (the policies' rule ids never change meaning). The English
 * text the engine records carries the figures of the case; the coverage rows show those in Chinese.
 */
export const ruleZh: Readonly<Record<string, string>> = {
  'SB-SCOPE-01':
    '三包规定适用于为生活消费购买和使用的家用汽车；出租车及其他营运车辆不在范围内（2021 年规定第 2 条、第 40 条）',
  'SB-SCOPE-02': '三包规定仅适用于家用汽车；出租车及其他营运用途明确除外（2013 年规定第 30 条第二项）',
  'SB-SCOPE-03':
    '2022 年 1 月 1 日前开具发票的车辆，旧规定废止后仍适用 2013 年规定（2021 年规定第 42 条，不溯及既往）',
  'SB-START-01':
    '三包期自购车发票日期起算（2013 年规定第 17 条）；按三包更换的车辆重新起算（第 27 条第 2 款）',
  'SB-COMP-01':
    '使用补偿费 = 车价 × 行驶里程 / 1000 × n，n 按三包凭证在 0.5% 至 0.8% 之间（2013 年规定第 25 条）',
  'SB-EXC-01': '购车时已书面告知的瑕疵不在三包范围内（2013 年规定第 30 条第一项）',
  'SB-EXC-02':
    '未按使用说明书要求使用、维护车辆（含超载）造成的损坏不在三包范围内（2013 年规定第 30 条第五项）',
  'SB-EXC-03': '使用说明书明示不得改装而改装造成的损坏不在三包范围内（2013 年规定第 30 条第三项）',
  'SB-EXC-04': '消费者对质量问题处置不当造成的损坏不在三包范围内（2013 年规定第 30 条第四项）',
  'SB-EXC-05': '不可抗力（自然灾害）造成的损坏不在三包范围内（2013 年规定第 30 条第六项）',
  'SB-EXC-06': '在非授权维修厂保养不是拒绝三包的理由，仅其造成的损坏除外（2021 年规定第 32 条第 2 款）',
  'SB-DEF-QP': '交通事故造成的损坏不属于产品质量问题，不在三包范围内（2013 年规定第 18 条）',
  'SB-RET-60D':
    '自发票日期起 60 日内或行驶 3000 公里内，出现转向系统失效、制动系统失效、车身开裂或燃油泄漏，消费者可免费更换或退货（2013 年规定第 20 条第 2 款）',
  'SB-MAJ-01':
    '自发票日期起 60 日内或行驶 3000 公里内，发动机、变速器的主要零件出现质量问题，消费者可免费更换发动机、变速器（2013 年规定第 18 条第 2 款）',
  'SB-RET-01':
    '因严重安全性能故障累计修理 2 次后仍未排除或又出现新的严重安全性能故障，消费者可更换或退货，并支付使用补偿费（2013 年规定第 20 条第 3 款第一项）',
  'SB-RET-02':
    '发动机、变速器因质量问题累计更换 2 次后仍不能正常使用，消费者可更换或退货（2013 年规定第 20 条第 3 款第二项）',
  'SB-RET-03':
    '发动机、变速器、转向系统、制动系统、悬架系统、前后桥或车身的同一主要零件因质量问题累计更换 2 次后仍不能正常使用，消费者可更换或退货（2013 年规定第 20 条第 3 款第三项）',
  'SB-RET-04a': '包修期内累计修理时间超过 35 日，消费者可更换或退货（2013 年规定第 21 条）',
  'SB-RET-04b': '同一质量问题累计修理超过 5 次（含本次），消费者可更换或退货（2013 年规定第 21 条）',
  'SB-RET-7D':
    '7 日内因质量问题需要更换发动机、变速器、动力电池、驱动电机或其主要零件的，消费者可免费更换或退货（2021 年规定第 22 条）',
  'SB-REP-01':
    '自发票日期起 3 年或 6 万公里内，质量问题免费修理（工时费和材料费）（2013 年规定第 17 条、第 18 条第 1 款）',
  'SB-REP-02':
    '易损耗零部件在三包凭证所列期限内出现质量问题的免费更换，超过期限的不予免费（2013 年规定第 18 条第 3 款、第 29 条）',
  'SB-BACKUP-01': '单次修理时间超过 5 日的，消费者可获得备用车或交通费用补偿（2013 年规定第 19 条）',
  'OEM-SCOPE': '厂家质量保修适用于各种用途，保修期按销售时的用途确定',
  'OEM-START': '厂家质量保修自首次注册登记日起算，无注册登记的自发票日期起算',
  'OEM-EXCL-1': '在非授权经销商处维修的，不属于厂家保修范围',
  'OEM-EXCL-2': '使用未经厂家认可的零件或改装的，不属于厂家保修范围',
  'OEM-EXCL-3': '违规使用或超载的，不属于厂家保修范围',
  'OEM-EXCL-4': '使用不当或滥用造成的损坏，不属于厂家保修范围',
  'OEM-EXCL-5': '交通事故造成的损坏，不属于厂家保修范围',
  'OEM-EXCL-6': '自然灾害造成的损坏，厂家不承担费用，由经销商处理投诉',
  'OEM-EXCL-7': '未按要求保养的，不属于厂家保修范围',
  'OEM-PER':
    '厂家质量保修期：出租车及其他营运用途 12 个月或 10 万公里，私家车 24 个月或 6 万公里，以先到者为准；变更用途的按原保修期',
  'OEM-WEAR': '易损件按其凭证所列期限保修，而非整车保修期',
  'OEM-PARTS': '在授权经销商处购买（凭发票）并安装的零件，自安装之日起保修 12 个月',
  'OEM-WV-CLAIM': '交车 24 小时内（交车当日及次日）出现重大故障的，厂家可更换车辆',
  'PREF-01':
    '已出保、属于质量问题且为敏感客户（媒体、VIP、大客户、要求苛刻）的，可申请优惠索赔，仅支付修理费用',
};

/** The warranty policies by id, as a `policyVersion` (`cn-three-guarantees@2013+oem-seed-warranty@1`) names them. */
export const policyZh: Readonly<Record<string, string>> = {
  'cn-three-guarantees': '家用汽车产品修理、更换、退货责任规定（三包）',
  'oem-seed-warranty': '厂家质量保修政策',
};

/**
 * Rules the 2021 three-guarantees rules (家用汽车产品修理更换退货责任规定, in force 2022-01-01) state
 * otherwise than the 2013 rules under the same id: a reason citing "(2021 Art. …)" is said from here
 * (`<ruleId>@2021`), so a 2021 claim never reads the 2013 figures (35 days, 5 repairs, 0.5 %–0.8 %).
 */
export const ruleZh2021: Readonly<Record<string, string>> = {
  'SB-START-01@2021':
    '三包期自发票日期起算；交付日期与发票日期不一致的，自交付之日起算（2021 年规定第 18 条第 2 款）；按三包更换的车辆重新起算（第 29 条）',
  'SB-COMP-01@2021':
    '使用补偿费 = 车价 × 行驶里程 / 1000 × n，n 按三包凭证确定，不超过 0.5%（2021 年规定第 27 条）',
  'SB-EXC-01@2021': '购车时已书面告知的瑕疵不在三包范围内（2021 年规定第 32 条第一项）',
  'SB-EXC-02@2021':
    '未按使用说明书要求使用、维护、维修车辆（含超载）造成的损坏不在三包范围内（2021 年规定第 32 条第二项）',
  'SB-EXC-03@2021':
    '使用说明书明示不得改装、调整、拆卸而改装、调整、拆卸造成的损坏不在三包范围内（2021 年规定第 32 条第三项）',
  'SB-EXC-04@2021': '发生质量问题后，消费者自行处置不当造成的损坏不在三包范围内（2021 年规定第 32 条第四项）',
  'SB-EXC-05@2021': '不可抗力（洪水、地震、台风等）造成的损坏不在三包范围内（2021 年规定第 32 条第五项）',
  'SB-DEF-QP@2021': '交通事故造成的损坏不属于产品质量问题，不在三包范围内（2021 年规定第 19 条、第 40 条）',
  'SB-RET-60D@2021':
    '60 日内或行驶 3000 公里内，出现转向系统失效、制动系统失效、车身开裂、燃油泄漏或动力电池起火，消费者可免费更换或退货（2021 年规定第 23 条）',
  'SB-MAJ-01@2021':
    '60 日内或行驶 3000 公里内，发动机、变速器、动力电池、驱动电机的主要零件出现质量问题，消费者可免费更换总成（2021 年规定第 20 条）',
  'SB-RET-01@2021':
    '因严重安全性能故障累计修理 2 次后仍未排除或又出现新的严重安全性能故障，消费者可更换或退货，并支付使用补偿费（2021 年规定第 24 条第一项）',
  'SB-RET-02@2021':
    '发动机、变速器、动力电池、驱动电机因质量问题累计更换 2 次后仍不能正常使用，消费者可更换或退货（2021 年规定第 24 条第二项）',
  'SB-RET-03@2021':
    '发动机、变速器、动力电池、驱动电机、转向系统、制动系统、悬架系统、传动系统、污染控制装置或车身的同一主要零件因质量问题累计更换 2 次后仍不能正常使用，消费者可更换或退货（2021 年规定第 24 条第三项）',
  'SB-RET-04a@2021':
    '包修期内因质量问题累计修理时间超过 30 日，消费者可更换或退货（2021 年规定第 24 条第四项）',
  'SB-RET-04b@2021':
    '同一质量问题累计修理超过 4 次（含本次），消费者可更换或退货（2021 年规定第 24 条第四项）',
  'SB-REP-01@2021':
    '3 年或 6 万公里内，质量问题免费修理（工时费和材料费）（2021 年规定第 18 条第 1 款、第 19 条）',
  'SB-REP-02@2021':
    '易损耗零部件在三包凭证所列期限内出现质量问题的，免费修理或更换（2021 年规定第 19 条、第 9 条第六项）',
  'SB-BACKUP-01@2021':
    '单次修理时间超过 5 日的，自第 6 日起消费者可获得备用车或交通费用补偿（2021 年规定第 21 条）',
};

/** A rule in Chinese: the 2021 wording when its text cites the 2021 rules and they differ, else by its id. */
export function ruleInChinese(ruleId: string, year: string | undefined): string | undefined {
  return ruleZh2021[`${ruleId}@${year}`] ?? ruleZh[ruleId];
}

export interface Decision {
  readonly yes: string;
  readonly no: string;
  /** What the answer sets off, shown before the user submits it. */
  readonly ifYes?: string;
  readonly ifNo?: string;
}

/** Yes/no decisions the workflows ask for, by field name. */
export const decisionZh: Readonly<Record<string, Decision>> = {
  satisfied: {
    yes: '满意',
    no: '不满意',
    ifNo: '选择“不满意”后，投诉将退回重新制定处理方案，并升级给上一级处理。',
  },
  qualityProblem: {
    yes: '是质量问题',
    no: '不是质量问题',
  },
  passed: { yes: '审核通过', no: '审核不通过' },
  customerPaid: { yes: '客户已付款', no: '客户未付款' },
};

export const decisionEn: Readonly<Record<string, Decision>> = {
  satisfied: {
    yes: 'Satisfied',
    no: 'Not satisfied',
    ifNo: 'Not satisfied sends the complaint back for a new plan and escalates it to the next level.',
  },
  qualityProblem: {
    yes: 'A quality problem',
    no: 'Not a quality problem',
  },
  passed: { yes: 'Passed', no: 'Not passed' },
  customerPaid: { yes: 'Customer paid', no: 'Customer did not pay' },
};
