import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { eligibilityReasonZh, policyVersionZh } from './eligibility-reason';
import { fieldErrorText, type CodedFieldError } from './field-error-text';
import { durationText } from '../sla/duration-text';
import { deadlineZh, domainZh, fieldZh, ui, type Language, type UiKey } from './messages';
import {
  conditionZh,
  decisionEn,
  decisionZh,
  eventZh,
  hintZh,
  policyZh,
  ruleInChinese,
} from './workflow-messages';

export interface I18n {
  readonly language: Language;
  readonly toggleLanguage: () => void;
  readonly t: (key: UiKey) => string;
  /** A role, case type, state, action or deadline kind in the current language. */
  readonly term: (id: string | null | undefined) => string;
  /** Who acted, by name: the engine's own actor (the SLA sweeper) in the user's language. */
  readonly actor: (actor: { id: string; name?: string | null; roles: readonly string[] }) => string;
  /** A deadline kind (`feedback`, `take-over`) in the current language. */
  readonly deadline: (kind: string) => string;
  /** A span of whole seconds (how long a clock stood still) in days, hours and minutes. */
  readonly duration: (seconds: number) => string;
  /** A field by its name or its dotted path (`customer.class` and `parts.0.class` differ). */
  readonly field: (name: string) => string;
  /**
   * A field's hint in the current language; none in Chinese when the catalogue has none (never English).
   * With a scope (a resource), a hint kept for that workflow's field (`preferential-claims.cause`) wins.
   */
  readonly hint: (name: string, english: string | undefined, scope?: string) => string | undefined;
  /** A stored event's type (`ComplaintReceived`) in words. */
  readonly eventType: (type: string) => string;
  /**
   * An eligibility reason: the engine's English text, or in Chinese the rule by its id with what the case
   * made of it (eligibility-reason.ts).
   */
  readonly rule: (ruleId: string, english: string) => string;
  /** The warranty policy versions that judged a claim, by name (the stored id in English). */
  readonly policyVersion: (policyVersion: string) => string;
  /** The two answers to a yes/no decision, and what choosing one does when that needs saying. */
  readonly yesNo: (name: string, answer: boolean) => { label: string; consequence?: string };
  /** A workflow guard named on a diagram edge (`customerSatisfied`) in words. */
  readonly condition: (guard: string) => string;
  /** A stored value: a known domain id (a state, a choice) in words, free text as it was typed. */
  readonly choice: (value: string) => string;
  /** A field error from the server, said from its stable code (never the English reason in Chinese). */
  readonly fieldError: (error: CodedFieldError) => string;
  /** A moment in the user's own time zone. */
  readonly dateTime: (iso: string | null | undefined) => string;
  /** A moment to the second (history: events a few seconds apart stay apart). */
  readonly moment: (iso: string) => string;
  readonly money: (cents: unknown, currency?: unknown) => string;
  readonly timeZone: string;
}

const STORAGE_KEY = 'aftersales.language';
const I18nContext = createContext<I18n | null>(null);

export function humanise(id: string): string {
  const words = id
    .replace(/Cents$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

function formatMoney(language: Language, cents: number, currency?: unknown): string {
  return new Intl.NumberFormat(language, {
    style: 'currency',
    currency: typeof currency === 'string' ? currency : 'CNY',
  }).format(cents / 100);
}

export function I18nProvider({ children }: { readonly children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(() =>
    localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN',
  );
  useEffect(() => {
    document.documentElement.lang = language;
    localStorage.setItem(STORAGE_KEY, language);
  }, [language]);
  const toggleLanguage = useCallback(() => setLanguage((now) => (now === 'en' ? 'zh-CN' : 'en')), []);

  const value = useMemo<I18n>(() => {
    const choice = (value: string) =>
      domainZh[value] === undefined ? value : language === 'zh-CN' ? domainZh[value] : humanise(value);
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const dates = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    const seconds = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium', timeZone });
    return {
      language,
      toggleLanguage,
      timeZone,
      t: (key) => ui[language][key],
      term: (id) => {
        if (id === null || id === undefined || id === '') return '—';
        return language === 'zh-CN' ? (domainZh[id] ?? humanise(id)) : humanise(id);
      },
      choice,
      actor: (actor) =>
        actor.id === 'system' && actor.roles.includes('system')
          ? ui[language].engineActor
          : (actor.name ?? actor.id),
      deadline: (kind) =>
        language === 'zh-CN' ? (deadlineZh[kind] ?? domainZh[kind] ?? humanise(kind)) : humanise(kind),
      duration: (seconds) =>
        durationText(seconds, {
          days: ui[language].durationDays,
          hours: ui[language].durationHours,
          minutes: ui[language].durationMinutes,
          underMinute: ui[language].durationUnderMinute,
        }),
      fieldError: (error) => fieldErrorText(error, language, choice),
      rule: (ruleId, english) =>
        language === 'zh-CN'
          ? eligibilityReasonZh(ruleId, english, {
              rule: ruleInChinese,
              choice,
              money: (cents) => formatMoney(language, cents),
              seeRule: ui[language].ruleWithoutText,
            })
          : english,
      policyVersion: (policyVersion) =>
        language === 'zh-CN' ? policyVersionZh(policyVersion, policyZh) : policyVersion,
      yesNo: (name, answer) => {
        const decision = (language === 'zh-CN' ? decisionZh : decisionEn)[name];
        const label = decision?.[answer ? 'yes' : 'no'] ?? ui[language][answer ? 'yes' : 'no'];
        const consequence = answer ? decision?.ifYes : decision?.ifNo;
        return consequence === undefined ? { label } : { label, consequence };
      },
      hint: (name, english, scope) =>
        language === 'zh-CN'
          ? ((scope === undefined ? undefined : hintZh[`${scope}.${name}`]) ?? hintZh[name])
          : english,
      eventType: (type) => (language === 'zh-CN' ? (eventZh[type] ?? humanise(type)) : humanise(type)),
      condition: (guard) =>
        language === 'zh-CN' ? (conditionZh[guard] ?? humanise(guard)) : humanise(guard),
      field: (name) => {
        // A dotted path (`parts.0.class`) is named by its own entry when it has one, else by its last part.
        const path = name.replace(/\[(\d+)\]/g, '.$1').replace(/\.\d+/g, '');
        const leaf = path.split('.').pop() ?? path;
        return language === 'zh-CN' ? (fieldZh[path] ?? fieldZh[leaf] ?? humanise(leaf)) : humanise(leaf);
      },
      moment: (iso) => {
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : seconds.format(date);
      },
      dateTime: (iso) => {
        if (iso === null || iso === undefined) return '—';
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : dates.format(date);
      },
      money: (cents, currency) => (typeof cents === 'number' ? formatMoney(language, cents, currency) : '—'),
    };
  }, [language, toggleLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (context === null) throw new Error('useI18n outside I18nProvider');
  return context;
}
