import { expect } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export interface Person {
  readonly sub: string;
  readonly role: string;
  readonly dealerId?: string;
  readonly regionId?: string;
}

/**
 * One person at the console in their own browser context (own session), driving it the way a user does:
 * by labels, buttons and links. The language defaults to the console's own default (zh-CN).
 */
export class ConsoleUser {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  static async signIn(
    browser: Browser,
    baseUrl: string,
    person: Person,
    options: { language?: 'en' | 'zh-CN' } = {},
  ): Promise<ConsoleUser> {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 960 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      acceptDownloads: true,
    });
    if (options.language === 'en') {
      await context.addInitScript({ content: "localStorage.setItem('aftersales.language', 'en')" });
    }
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('sign-in-sub').fill(person.sub);
    await chooseOption(page, page.getByTestId('sign-in-role'), `(${person.role})`, 'contains');
    if (person.dealerId !== undefined) await page.getByTestId('sign-in-dealer').fill(person.dealerId);
    await page.getByTestId('sign-in-region').fill(person.regionId ?? '');
    await page.locator('form[aria-labelledby="dev-sign-in"] button[type="submit"]').click();
    await page.getByTestId('signed-in-user').waitFor();
    expect(errors).toEqual([]);
    return new ConsoleUser(context, page, baseUrl);
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  /** Goes to a page of the console and loads it afresh, as a user opening it would. */
  async go(fragment: string): Promise<void> {
    const url = `${this.baseUrl}/${fragment}`;
    const sameDocument = this.page.url().split('#')[0] === url.split('#')[0];
    await this.page.goto(url);
    // A change of fragment alone keeps the page; reload so it reads the server afresh.
    if (sameDocument) await this.page.reload();
  }

  /** Opens a case from My work, as a handler does. */
  async openFromWorkQueue(caseId: string): Promise<void> {
    await this.go('#/work');
    const row = this.page.locator(`[data-testid="work-queue"] tr[data-case-id="${caseId}"]`);
    await row.getByRole('link').click();
    await this.page.locator('[data-testid="allowed-actions"], [data-testid="case-data"]').first().waitFor();
  }

  async state(): Promise<string | null> {
    return this.page.getByTestId('diagram-current-state').textContent();
  }

  async waitForState(text: string): Promise<void> {
    await this.page.getByTestId('diagram-current-state').filter({ hasText: text }).waitFor();
  }

  /** Clicks an action button and returns its form (a dialog). */
  async startAction(action: string): Promise<Locator> {
    await this.page.locator(`[data-testid="allowed-actions"] button[data-action="${action}"]`).click();
    const form = this.page.getByTestId(`action-form-${action}`);
    await form.waitFor();
    return form;
  }

  async submit(form: Locator): Promise<void> {
    await form.locator('button[type="submit"]').click();
  }

  async allowedActions(): Promise<string[]> {
    const buttons = this.page.locator('[data-testid="allowed-actions"] button[data-action]');
    return Promise.all(
      (await buttons.all()).map(async (button) => (await button.getAttribute('data-action')) ?? ''),
    );
  }
}

/** Picks an option of a Mantine select (a combobox input): by its exact label, or by part of it. */
export async function chooseOption(
  page: Page,
  input: Locator,
  label: string,
  match: 'exact' | 'contains' = 'exact',
): Promise<void> {
  await input.click();
  const option =
    match === 'exact'
      ? page.getByRole('option', { name: label, exact: true })
      : page.getByRole('option').filter({ hasText: label });
  await option.first().click();
}

export function field(scope: Locator, path: string): Locator {
  return scope.locator(`[data-field="${path}"]`).first();
}

/**
 * Adds a goodwill cost line to a create form (v3: 「直接费用,但不包括连带费用」): its kind by label, what it
 * was for, and the amount typed in yuan.
 */
export async function addCostLine(
  page: Page,
  form: Locator,
  line: { readonly kind: string; readonly description: string; readonly yuan: string },
): Promise<void> {
  const lines = form.locator('fieldset[data-field="costLines"]');
  const index = await lines.locator('[data-field^="costLines."][data-field$=".kind"]').count();
  await lines.getByRole('button').last().click();
  await chooseOption(page, field(form, `costLines.${index}.kind`), line.kind);
  await field(form, `costLines.${index}.description`).fill(line.description);
  await field(form, `costLines.${index}.amountCents`).fill(line.yuan);
}
