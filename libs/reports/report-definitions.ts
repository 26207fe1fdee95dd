import { REPORT_TOPICS, SATISFACTION_SCALE } from '../kernel/index.js';

/** A column of a report: its id in JSON and its label, Chinese first. */
export interface ReportColumn {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
}

type Sums = Readonly<Record<string, number>>;

/**
 * One report: which topic's cells it reads, whether each row is a day or a month (`period`), what it may be
 * grouped by, and its columns computed from the summed cells of a group.
 */
export interface ReportDefinition {
  readonly name: string;
  readonly zh: string;
  readonly en: string;
  readonly topic: string;
  readonly period: 'day' | 'month' | null;
  readonly groupings: readonly string[];
  readonly defaultGroupBy: string;
  /** A count of distinct values of a dimension over the cells where `when` is not zero (vehicles). */
  readonly distinct?: { readonly id: string; readonly dim: string; readonly when: string };
  readonly columns: readonly ReportColumn[];
  /** The columns the console draws, one bar each per row. */
  readonly chart: readonly string[];
  values(sums: Sums, distinct: number): Record<string, number | null>;
}

const count = (sums: Sums, field: string): number => sums[field] ?? 0;
/** part / whole in percent with one decimal; null when there is no whole. */
export const percent = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10;

const LEVEL_ZH: Record<(typeof SATISFACTION_SCALE)[number], string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  fairly_satisfied: '比较满意',
  neutral: '一般',
  somewhat_dissatisfied: '有点不满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};
const levelColumns: ReportColumn[] = SATISFACTION_SCALE.map((level) => ({
  id: level,
  zh: LEVEL_ZH[level],
  en: level.replace(/_/g, ' '),
}));
const levelValues = (sums: Sums, prefix: string): Record<string, number> =>
  Object.fromEntries(SATISFACTION_SCALE.map((level) => [level, count(sums, `${prefix}${level}`)]));
/** The three levels that say satisfied (非常满意, 满意, 比较满意). */
const satisfiedOf = (sums: Sums, prefix: string): number =>
  SATISFACTION_SCALE.slice(0, 3).reduce((total, level) => total + count(sums, `${prefix}${level}`), 0);

const followUpColumns: ReportColumn[] = [
  { id: 'due', zh: '应回访', en: 'due' },
  { id: 'doneOnTime', zh: '按时完成', en: 'done on time' },
  { id: 'doneLate', zh: '逾期完成', en: 'done late' },
  { id: 'missed', zh: '超出时限', en: 'window missed' },
  { id: 'reached', zh: '已联系上', en: 'reached' },
  { id: 'notReached', zh: '未联系上', en: 'not reached' },
  { id: 'cancelled', zh: '已取消', en: 'cancelled' },
  { id: 'onTimePercent', zh: '按时完成率%', en: 'on time %' },
  ...levelColumns,
];

function followUpValues(sums: Sums): Record<string, number | null> {
  return {
    due: count(sums, 'due'),
    doneOnTime: count(sums, 'doneOnTime'),
    doneLate: count(sums, 'doneLate'),
    missed: count(sums, 'missed'),
    reached: count(sums, 'reached'),
    notReached: count(sums, 'notReached'),
    cancelled: count(sums, 'cancelled'),
    onTimePercent: percent(count(sums, 'doneOnTime'), count(sums, 'due')),
    ...levelValues(sums, 'satisfaction.'),
  };
}

const followUpGroupings = ['all', 'dealer', 'region', 'trigger'];

/** Every report served by `GET /api/v1/reports/{name}`. */
export const REPORT_DEFINITIONS: readonly ReportDefinition[] = [
  {
    name: 'follow-ups-daily',
    zh: '回访日报',
    en: 'Follow-up calls per day',
    topic: REPORT_TOPICS.followUpCalls,
    period: 'day',
    groupings: followUpGroupings,
    defaultGroupBy: 'all',
    columns: followUpColumns,
    chart: ['due', 'doneOnTime', 'doneLate', 'notReached'],
    values: followUpValues,
  },
  {
    name: 'follow-ups-monthly',
    zh: '回访月报',
    en: 'Follow-up calls per month',
    topic: REPORT_TOPICS.followUpCalls,
    period: 'month',
    groupings: followUpGroupings,
    defaultGroupBy: 'all',
    columns: followUpColumns,
    chart: ['due', 'doneOnTime', 'doneLate', 'notReached'],
    values: followUpValues,
  },
  {
    name: 'complaints',
    zh: '投诉统计',
    en: 'Complaints',
    topic: REPORT_TOPICS.complaints,
    period: null,
    groupings: ['month', 'category', 'channel', 'dealer', 'region'],
    defaultGroupBy: 'month',
    columns: [
      { id: 'received', zh: '受理', en: 'received' },
      { id: 'closed', zh: '已结案', en: 'closed' },
      { id: 'dismissed', zh: '不予受理', en: 'dismissed' },
      { id: 'closurePercent', zh: '结案率%', en: 'closure %' },
      { id: 'averageHoursToClose', zh: '平均结案时长(小时)', en: 'average hours to close' },
      { id: 'repeatWithin90Days', zh: '90天内重复投诉', en: 'repeat within 90 days' },
    ],
    chart: ['received', 'closed', 'repeatWithin90Days'],
    values: (sums) => ({
      received: count(sums, 'received'),
      closed: count(sums, 'closed'),
      dismissed: count(sums, 'dismissed'),
      closurePercent: percent(count(sums, 'closed'), count(sums, 'received')),
      averageHoursToClose:
        count(sums, 'closed') === 0
          ? null
          : Math.round((count(sums, 'closeSeconds') / count(sums, 'closed') / 3600) * 10) / 10,
      repeatWithin90Days: count(sums, 'repeat'),
    }),
  },
  {
    name: 'satisfaction',
    zh: '满意度统计',
    en: 'Satisfaction',
    topic: REPORT_TOPICS.satisfaction,
    period: null,
    groupings: ['source', 'dealer', 'region', 'month'],
    defaultGroupBy: 'source',
    columns: [
      { id: 'answers', zh: '回答数', en: 'answers' },
      ...levelColumns,
      { id: 'satisfiedPercent', zh: '满意率%', en: 'satisfied %' },
    ],
    chart: [...SATISFACTION_SCALE],
    values: (sums) => ({
      answers: count(sums, 'answers'),
      ...levelValues(sums, 'level.'),
      satisfiedPercent: percent(satisfiedOf(sums, 'level.'), count(sums, 'answers')),
    }),
  },
  {
    name: 'warranty-cost',
    zh: '索赔费用',
    en: 'Warranty cost',
    topic: REPORT_TOPICS.warrantyCost,
    period: null,
    groupings: ['region', 'dealer', 'vehicle', 'model', 'month'],
    defaultGroupBy: 'region',
    distinct: { id: 'vehicles', dim: 'vin', when: 'claims' },
    columns: [
      { id: 'claims', zh: '索赔单', en: 'claims' },
      { id: 'vehicles', zh: '车辆数', en: 'vehicles' },
      { id: 'claimedCents', zh: '申请金额(分)', en: 'claimed (fen)' },
      { id: 'approvedCents', zh: '批准金额(分)', en: 'approved (fen)' },
      { id: 'rejected', zh: '驳回', en: 'rejected' },
      { id: 'paid', zh: '已结算', en: 'paid' },
      { id: 'costPerVehicleCents', zh: '单车索赔费用(分)', en: 'cost per vehicle (fen)' },
      { id: 'goodwillApplications', zh: '善意补偿申请', en: 'goodwill applications' },
      {
        id: 'goodwillCents',
        zh: '善意补偿款(分,不计入单车费用)',
        en: 'goodwill (fen, not in cost per vehicle)',
      },
    ],
    chart: ['claimedCents', 'approvedCents', 'goodwillCents'],
    values: (sums, vehicles) => ({
      claims: count(sums, 'claims'),
      vehicles,
      claimedCents: count(sums, 'claimedCents'),
      approvedCents: count(sums, 'approvedCents'),
      rejected: count(sums, 'rejected'),
      paid: count(sums, 'paid'),
      // 「善意补偿款不计入区域单车索赔费用」(seed 003): only claims' approved amounts, per distinct vehicle.
      costPerVehicleCents: vehicles === 0 ? null : Math.round(count(sums, 'approvedCents') / vehicles),
      goodwillApplications: count(sums, 'goodwillApplications'),
      goodwillCents: count(sums, 'goodwillCents'),
    }),
  },
  {
    name: 'lost-customers',
    zh: '流失客户回访',
    en: 'Lost customers',
    topic: REPORT_TOPICS.lostCustomers,
    period: 'month',
    groupings: ['dealer', 'region', 'all'],
    defaultGroupBy: 'dealer',
    columns: [
      { id: 'opened', zh: '流失回访', en: 'callbacks opened' },
      { id: 'reached', zh: '已联系上', en: 'reached' },
      { id: 'completed', zh: '已完成', en: 'completed' },
      { id: 'notReached', zh: '未联系上', en: 'not reached' },
      { id: 'cancelled', zh: '已取消', en: 'cancelled' },
    ],
    chart: ['opened', 'reached', 'completed'],
    values: (sums) => ({
      opened: count(sums, 'opened'),
      reached: count(sums, 'reached'),
      completed: count(sums, 'completed'),
      notReached: count(sums, 'notReached'),
      cancelled: count(sums, 'cancelled'),
    }),
  },
];

/** The label of each key column: the period and the grouping. */
export const GROUPING_COLUMNS: Readonly<Record<string, ReportColumn>> = {
  day: { id: 'day', zh: '日期', en: 'day' },
  month: { id: 'month', zh: '月份', en: 'month' },
  all: { id: 'all', zh: '全部', en: 'all' },
  dealer: { id: 'dealer', zh: '经销商', en: 'dealer' },
  region: { id: 'region', zh: '区域', en: 'region' },
  trigger: { id: 'trigger', zh: '回访类型', en: 'trigger' },
  category: { id: 'category', zh: '投诉类别', en: 'category' },
  channel: { id: 'channel', zh: '投诉渠道', en: 'channel' },
  source: { id: 'source', zh: '来源', en: 'source' },
  vehicle: { id: 'vehicle', zh: '车辆(VIN)', en: 'vehicle (VIN)' },
  model: { id: 'model', zh: '车型', en: 'model' },
};

export function reportDefinition(name: string): ReportDefinition | undefined {
  return REPORT_DEFINITIONS.find((definition) => definition.name === name);
}
