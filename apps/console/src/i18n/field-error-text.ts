// With the extension: the engine's own tests import this file under Node's module resolution too.
import type { Language } from './messages.js';

/** A field error as the API sends it (API.md "Bad input"): a stable code and its parameters beside the reason. */
export interface CodedFieldError {
  readonly field: string;
  readonly reason: string;
  readonly code?: string;
  readonly min?: number;
  readonly max?: number;
  readonly allowed?: readonly string[];
}

type Say = (error: CodedFieldError, choices: string) => string;

/**
 * What each code says, per language. The console never shows the server's English `reason` in Chinese:
 * a code it does not know says that the value was refused, in the user's language.
 */
const SAY: Readonly<Record<Language, Readonly<Record<string, Say>>>> = {
  'zh-CN': {
    required: () => '必填',
    too_long: (e) => (e.max === undefined ? '内容过长' : `最多 ${e.max} 字`),
    too_short: (e) => (e.min === undefined ? '内容过短' : `至少 ${e.min} 字`),
    too_many: (e) => (e.max === undefined ? '项目过多' : `最多 ${e.max} 项`),
    too_few: (e) => `至少 ${e.min ?? 1} 项`,
    one_of: (_, choices) => (choices === '' ? '请从列表中选择' : `请选择：${choices}`),
    not_a_date: () => '请输入有效的日期或带时区的时间',
    out_of_range: (e) =>
      e.min !== undefined && e.max !== undefined
        ? `应在 ${e.min} 到 ${e.max} 之间`
        : e.min !== undefined
          ? `不能小于 ${e.min}`
          : e.max !== undefined
            ? `不能大于 ${e.max}`
            : '超出允许范围',
    not_an_integer: () => '请输入整数',
    not_a_number: () => '请输入数字',
    not_a_string: () => '请输入文字',
    not_a_boolean: () => '请选择是或否',
    not_a_list: () => '应为多项列表',
    not_an_object: () => '格式不正确',
    bad_format: () => '格式不正确',
    unknown_field: () => '不是此表单的字段',
    not_found: () => '未找到，或您无权查看',
    not_eligible: () => '不符合条件',
    deadline_passed: (e) => (e.max === undefined ? '已超过申报期限' : `已超过 ${e.max} 天的申报期限`),
    invalid: () => '填写不正确',
    // goodwill v3 (seed 003)
    in_future: () => '不能晚于当前时间',
    complaint_not_major: () => '善意补偿款仅用于处理重大客户投诉，此投诉不是重大投诉',
    no_direct_cost: () => '须至少有一项直接费用：连带费用不予支付',
    waiver_after_advance: () => '免责协议须在垫付之前签订',
    confirmed_after_advance: () => '汽车生产企业技术团队须在垫付之前现场确认',
    document_required: (_, kinds) => (kinds === '' ? '须先上传所需附件' : `须先上传附件：${kinds}`),
  },
  en: {
    required: () => 'required',
    too_long: (e) => (e.max === undefined ? 'too long' : `at most ${e.max} characters`),
    too_short: (e) => (e.min === undefined ? 'too short' : `at least ${e.min} characters`),
    too_many: (e) => (e.max === undefined ? 'too many items' : `at most ${e.max} items`),
    too_few: (e) => `at least ${e.min ?? 1} item${(e.min ?? 1) === 1 ? '' : 's'}`,
    one_of: (_, choices) => (choices === '' ? 'choose from the list' : `choose one of: ${choices}`),
    not_a_date: () => 'enter a valid date, or a time with its time zone',
    out_of_range: (e) =>
      e.min !== undefined && e.max !== undefined
        ? `must be between ${e.min} and ${e.max}`
        : e.min !== undefined
          ? `must be at least ${e.min}`
          : e.max !== undefined
            ? `must be at most ${e.max}`
            : 'out of range',
    not_an_integer: () => 'enter a whole number',
    not_a_number: () => 'enter a number',
    not_a_string: () => 'enter text',
    not_a_boolean: () => 'choose yes or no',
    not_a_list: () => 'must be a list',
    not_an_object: () => 'not in the expected form',
    bad_format: () => 'not in the expected format',
    unknown_field: () => 'not a field of this form',
    not_found: () => 'not found, or not yours to see',
    not_eligible: () => 'not eligible',
    deadline_passed: (e) =>
      e.max === undefined ? 'the filing deadline has passed' : `past the ${e.max}-day filing deadline`,
    invalid: () => 'not accepted',
    // goodwill v3 (seed 003)
    in_future: () => 'must not be later than now',
    complaint_not_major: () => 'goodwill settles major complaints only; this complaint is not major',
    no_direct_cost: () => 'at least one direct cost: consequential costs are never paid',
    waiver_after_advance: () => 'the waiver must be signed before the advance',
    confirmed_after_advance: () => "the OEM's technical team must confirm on site before the advance",
    document_required: (_, kinds) =>
      kinds === '' ? 'attach the required document first' : `attach first: ${kinds}`,
  },
};

/** The codes the console can say in a language (a test holds it to every code the server sends). */
export function codesSaidIn(language: Language): readonly string[] {
  return Object.keys(SAY[language]);
}

/**
 * A field error in the user's language, from its code and parameters; `choice` names an allowed value.
 * Without a code (an older server), English shows the server's reason and Chinese a generic refusal.
 */
export function fieldErrorText(
  error: CodedFieldError,
  language: Language,
  choice: (value: string) => string,
): string {
  const say = error.code === undefined ? undefined : (SAY[language][error.code] ?? SAY[language].invalid);
  if (say === undefined) return language === 'en' ? error.reason : SAY[language].invalid!(error, '');
  const separator = language === 'zh-CN' ? '、' : ', ';
  return say(error, (error.allowed ?? []).map(choice).join(separator));
}
