import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fieldErrorText, type CodedFieldError } from './field-error-text';
import { domainZh, fieldZh, ui, type Language, type UiKey } from './messages';

export interface I18n {
  readonly language: Language;
  readonly toggleLanguage: () => void;
  readonly t: (key: UiKey) => string;
  /** A role, case type, state, action or deadline kind in the current language. */
  readonly term: (id: string | null | undefined) => string;
  readonly field: (name: string) => string;
  /** A stored value: a known domain id (a state, a choice) in words, free text as it was typed. */
  readonly choice: (value: string) => string;
  /** A field error from the server, said from its stable code (never the English reason in Chinese). */
  readonly fieldError: (error: CodedFieldError) => string;
  /** A moment in the user's own time zone. */
  readonly dateTime: (iso: string | null | undefined) => string;
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
      fieldError: (error) => fieldErrorText(error, language, choice),
      field: (name) => (language === 'zh-CN' ? (fieldZh[name] ?? humanise(name)) : humanise(name)),
      dateTime: (iso) => {
        if (iso === null || iso === undefined) return '—';
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : dates.format(date);
      },
      money: (cents, currency) =>
        typeof cents === 'number'
          ? new Intl.NumberFormat(language, {
              style: 'currency',
              currency: typeof currency === 'string' ? currency : 'CNY',
            }).format(cents / 100)
          : '—',
    };
  }, [language, toggleLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (context === null) throw new Error('useI18n outside I18nProvider');
  return context;
}
