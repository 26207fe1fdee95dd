/**
 * An eligibility reason in Chinese. The engine records each reason as `{ ruleId, text }`, the text being
 * the policy's English wording of the rule followed by what this case made of it: the date its periods
 * start, the use it was sold for, why a rule that concerns the fault does not apply, the repairs counted,
 * the usage compensation worked out. The rule is said by its id (ruleZh); what the case made of it is
 * read from the end of the English text and said in Chinese, so a rule that does not apply never reads
 * as one that does. Whatever tail is not understood is left out, never shown in English.
 */
export interface ReasonWords {
  /**
   * The rule in Chinese by its id, and the year of the rules its text cites when it cites one (a rule id
   * keeps its id across the 2013 and 2021 rules, not always its terms); undefined when the catalogue has none.
   */
  readonly rule: (ruleId: string, year: string | undefined) => string | undefined;
  /** A stored id (a vehicle use, a fault system) in Chinese. */
  readonly choice: (id: string) => string;
  readonly money: (cents: number) => string;
  /** Said when the catalogue has no words for a rule: "see rule …". */
  readonly seeRule: string;
}

type Said = (match: RegExpMatchArray, words: ReasonWords) => string;

const DATE = String.raw`(\d{4}-\d{2}-\d{2})`;

/** The engine's own reason when nothing covers the claim (ruleId `NONE`, evaluate-eligibility.ts). */
const NOTHING_APPLIES: readonly (readonly [RegExp, Said])[] = [
  [new RegExp(`^No warranty policy is in force on ${DATE}$`), (m) => `${m[1]} 没有生效的保修政策`],
  [
    /^No warranty, three-guarantees or preferential coverage applies on this date and mileage$/,
    () => '按此日期和里程，厂家保修、三包和优惠索赔均不适用',
  ],
];

/** Why a rule that concerns the fault does not apply (calendar-dates.ts outsideSpan, policy-rules.ts). */
const WHY_NOT: readonly (readonly [RegExp, Said])[] = [
  [new RegExp(`^the period starts on ${DATE}$`), (m) => `期限自 ${m[1]} 起算，尚未开始`],
  [new RegExp(`^the period ended on ${DATE}$`), (m) => `期限已于 ${m[1]} 届满`],
  [/^(\d+) km is over the (\d+) km limit$/, (m) => `已行驶 ${m[1]} 公里，超过 ${m[2]} 公里的限额`],
  [/^the period on the certificate for this part is not given$/, () => '三包凭证未列明该零件的期限'],
  [
    /^part (\S+) was not bought and installed at an authorized dealer$/,
    (m) => `零件 ${m[1]} 不是在授权经销商处购买并安装的`,
  ],
  [/^part (\S+): (.+)$/, (m, words) => `零件 ${m[1]}：${said(WHY_NOT, m[2]!, words) ?? '不在期限内'}`],
];

/** The repairs a repair-history rule counted (repair-history.ts). */
const COUNTED: readonly (readonly [RegExp, Said])[] = [
  [/^repair (\d+) of problem (.+)$/, (m) => `同一问题（${m[2]}）第 ${m[1]} 次修理`],
  [/^(\d+) earlier serious safety failure repairs$/, (m) => `此前严重安全性能故障修理 ${m[1]} 次`],
  [/^no main part replaced$/, () => '未更换过主要零件'],
  [/^(\S+) replaced (\d+) times$/, (m, words) => `${words.choice(m[1]!)}已更换 ${m[2]} 次`],
  [/^(\d+) repair days$/, (m) => `累计修理 ${m[1]} 日`],
];

function said(
  patterns: readonly (readonly [RegExp, Said])[],
  text: string,
  words: ReasonWords,
): string | undefined {
  for (const [pattern, say] of patterns) {
    const match = text.match(pattern);
    if (match !== null) return say(match, words);
  }
  return undefined;
}

export function eligibilityReasonZh(ruleId: string, english: string, words: ReasonWords): string {
  if (ruleId === 'NONE') return said(NOTHING_APPLIES, english, words) ?? '没有适用的保修';
  const year = english.match(/\((\d{4}) Art\./)?.[1];
  const rule = words.rule(ruleId, year) ?? `${words.seeRule} ${ruleId}`;
  if (english.startsWith(`${ruleId}: `)) {
    const counted = said(COUNTED, english.slice(ruleId.length + 2), words);
    return counted === undefined ? rule : `${rule}（计数：${counted}）`;
  }
  const lapse = english.match(/ — does not apply: (.+)$/s);
  if (lapse !== null) return `${rule}——不适用：${said(WHY_NOT, lapse[1]!, words) ?? '本案不符合其条件'}`;
  const compensation = english.match(/: (\d+) × (\d+) km \/ 1000 × ([\d.]+) = (\d+) cents$/);
  if (compensation !== null) {
    const [, price, km, rate, cents] = compensation;
    return `${rule}。本案：${words.money(Number(price))} × ${km} 公里 / 1000 × ${rate} = ${words.money(Number(cents))}`;
  }
  const use = english.match(/ \(vehicle use when sold: ([a-z_]+)\)$/);
  if (use !== null) return `${rule}。本车销售时用途：${words.choice(use[1]!)}`;
  const start = english.match(new RegExp(`: ${DATE}$`));
  if (start !== null) return `${rule}。本车起算日：${start[1]}`;
  return rule;
}

/**
 * The policy versions that judged a claim (`cn-three-guarantees@2013+oem-seed-warranty@1`) in words: each
 * policy by name with its version (a year is the year of the rules), `none` when no policy was in force.
 */
export function policyVersionZh(policyVersion: string, names: Readonly<Record<string, string>>): string {
  if (policyVersion === 'none') return '无生效的保修政策';
  return policyVersion
    .split('+')
    .map((entry) => {
      const [id, version] = entry.split('@') as [string, string | undefined];
      const name = names[id] ?? id;
      if (version === undefined) return name;
      return /^\d{4}$/.test(version) ? `${name}（${version} 年版）` : `${name}（第 ${version} 版）`;
    })
    .join('；');
}
