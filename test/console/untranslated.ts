import type { Page } from 'playwright-core';

/**
 * Latin words a Chinese page may show: acronyms the Chinese UI uses as they are (file types and sizes
 * too), the language toggle, and the currency code. Anything else in Latin letters on a zh-CN page is an untranslated id or English text.
 */
const ALLOWED = new Set([
  'VIN',
  'SLA',
  'CSV',
  'JSON',
  'Lines',
  'JWT',
  'OIDC',
  'Bearer',
  'FSR',
  'FTM',
  'VIP',
  'English',
  'CNY',
  'ID',
  'UTC',
  'ISO',
  // File types and sizes, as Chinese pages write them (attachment limits).
  'PDF',
  'JPEG',
  'PNG',
  'WEBP',
  'KB',
  'MB',
]);

/**
 * The English words on the page, each with the text around it. A token with a digit, a dot, a slash or an
 * @ is an identifier (a user id, a dealer id, a VIN, a hash, a time zone), and so is one right after a
 * dot (a file name's extension), and is shown as it is; a bare word of two letters or more is language.
 */
export async function untranslatedText(page: Page, where: string): Promise<string[]> {
  // What a person sees or hears: visible text, names given to assistive technology, diagram labels.
  // Placeholders are example values, and aria-hidden parts (Mantine's measuring copies) are not shown.
  // A string, so this Node-side file needs no DOM types; it runs in the page.
  const text = (await page.evaluate(`(() => {
    const parts = [document.body.innerText];
    for (const element of document.querySelectorAll('[aria-label], [title]')) {
      if (element.closest('[aria-hidden="true"]') !== null) continue;
      parts.push(element.getAttribute('aria-label') ?? '', element.getAttribute('title') ?? '');
    }
    for (const element of document.querySelectorAll('svg text, svg foreignObject'))
      parts.push(element.textContent ?? '');
    return parts.join('\\n');
  })()`)) as string;
  const found: string[] = [];
  for (const match of text.matchAll(/[A-Za-z0-9][A-Za-z0-9_.@/:-]*/g)) {
    const token = match[0].replace(/[.:-]+$/, '');
    const ruleId = /^[A-Z]+(-[A-Za-z0-9]+)+$/.test(token);
    // After a dot: the extension of a file name a user gave (免责协议.pdf), an identifier too.
    const extension = match.index > 0 && text[match.index - 1] === '.';
    if (
      !/[A-Za-z]/.test(token) ||
      /[0-9.@/]/.test(token) ||
      ruleId ||
      extension ||
      token.length < 2 ||
      ALLOWED.has(token)
    )
      continue;
    const start = Math.max(0, match.index - 30);
    found.push(
      `${where}: "${token}" in "${text.slice(start, match.index + token.length + 30).replace(/\s+/g, ' ')}"`,
    );
  }
  return found;
}
