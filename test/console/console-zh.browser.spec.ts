import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { toString as qrSvg } from 'qrcode';
import { QR_OPTIONS, svgImageSource, verificationLink } from '../../apps/console/src/print/case-qr.js';
import { issueDevToken } from '../../libs/auth/index.js';
import { ensureBuilt, startBuiltServer, type BuiltServer } from '../e2e/built-server.js';
import { TEST_SECRET } from '../e2e/engine-under-test.js';
import { expectAccessible } from './accessibility.js';
import { browserAvailability, launchChromium } from './browser.js';
import { ConsoleUser, addCostLine, chooseOption, type Person } from './console-user.js';
import { screenshotPath } from './screenshots.js';
import { untranslatedText } from './untranslated.js';

/**
 * Issue #28 "Language": every page of the console, walked in zh-CN by the roles that use it, shows no
 * untranslated id and no English sentence — labels, values, hints, states, history and errors all come
 * from the message catalogue. Each page's findings are collected and reported together.
 */
const browserCheck = browserAvailability();
const describeInBrowser = browserCheck.available ? describe : describe.skip;
if (!browserCheck.available) console.log(`Skipping the zh-CN console walk: ${browserCheck.reason}`);

const D001 = { dealerId: 'D001', regionId: 'R01' };
const cs: Person = { sub: 'wang.cs', role: 'customer_service', ...D001 };
const technicalDirector: Person = { sub: 'li.td', role: 'technical_director', ...D001 };
const serviceAdvisor: Person = { sub: 'zhao.sa', role: 'service_advisor', ...D001 };
const serviceDirector: Person = { sub: 'chen.sd', role: 'service_director', ...D001 };
const clerk: Person = { sub: 'qian.clerk', role: 'claims_clerk', ...D001 };
const oemRep: Person = { sub: 'oem.rep', role: 'oem_aftersales_rep', regionId: 'R01' };
const serviceManager: Person = { sub: 'wu.sm', role: 'service_manager', ...D001 };
const auditor: Person = { sub: 'audit.zhang', role: 'auditor' };

async function apiAs(baseUrl: string, person: Person, method: string, path: string, body?: unknown) {
  const token = await issueDevToken(TEST_SECRET, {
    sub: person.sub,
    roles: [person.role as 'customer_service'],
    ...(person.dealerId !== undefined ? { dealerId: person.dealerId } : {}),
    ...(person.regionId !== undefined ? { regionId: person.regionId } : {}),
  });
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

describeInBrowser('the console in zh-CN, every page walked (issue #28)', () => {
  let dataDir: string;
  let server: BuiltServer;
  let browser: Browser;
  const cases: Record<string, string> = {};

  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'aftersales-console-zh-'));
    server = await startBuiltServer(dataDir, { AUTH_DEV_TOKENS: 'true' });
    browser = await launchChromium();
    const api = (person: Person, method: string, path: string, body?: unknown) =>
      apiAs(server.baseUrl, person, method, path, body);

    const complaint = await api(cs, 'POST', '/api/v1/complaints', {
      channel: 'walk_in',
      category: 'repair_technique',
      severity: 'normal',
      customer: { name: '王建国', phone: '13800138000', class: 'B', sensitive: [] },
      vehicle: { vin: 'LSVAU2180N2183294', plate: '沪A12345', model: '朗逸', mileageKm: 23150 },
      description: '发动机异响，上周维修后仍未解决',
    });
    cases.complaint = String(complaint.id);
    await api(cs, 'POST', `/api/v1/complaints/${cases.complaint}/actions/verify`, {
      findings: '发动机异响属实',
      problemClass: 'technical',
      judgement: 'defect',
    });
    await api(technicalDirector, 'POST', `/api/v1/complaints/${cases.complaint}/actions/propose-resolution`, {
      cause: '正时链条张紧器失效',
      plan: '更换张紧器',
      costHandling: { payer: 'dealer', amountCents: 80_000, notes: '免工时费' },
    });
    await api(cs, 'POST', `/api/v1/complaints/${cases.complaint}/actions/record-customer-reply`, {
      decision: 'accepted',
    });
    await api(serviceAdvisor, 'POST', `/api/v1/complaints/${cases.complaint}/actions/receive-repair-order`, {
      internalOrderRef: 'IRO-2026-0302-04',
    });
    await api(serviceAdvisor, 'POST', `/api/v1/complaints/${cases.complaint}/actions/pause-clock`, {
      deadline: 'feedback',
      reason: 'waiting_for_parts',
    });
    await api(serviceAdvisor, 'POST', `/api/v1/complaints/${cases.complaint}/actions/resume-clock`, {
      deadline: 'feedback',
    });
    await api(serviceAdvisor, 'POST', `/api/v1/complaints/${cases.complaint}/actions/report-feedback`, {
      result: '已更换张紧器，试车无异响',
    });

    const major = await api(cs, 'POST', '/api/v1/complaints', {
      channel: 'phone',
      category: 'product_quality',
      severity: 'major',
      customer: { name: '赵丽', phone: '13700137000', class: 'A', sensitive: [] },
      vehicle: { vin: 'LSVAU2180N2183296' },
      description: '刹车异响',
    });
    cases.major = String(major.id);
    const goodwill = await api(serviceDirector, 'POST', '/api/v1/goodwill-applications', {
      complaintId: cases.major,
      costLines: [
        { kind: 'direct', description: '代步车费用', amountCents: 1_200_000 },
        { kind: 'consequential', description: '误工损失', amountCents: 300_000 },
      ],
      emergencyAdvance: {
        paidAt: '2026-11-20T08:00:00Z',
        onSiteConfirmation: { confirmedBy: '曹工', confirmedAt: '2026-11-20T03:00:00Z' },
      },
      lossDescription: '维修延误产生的代步车费用',
      waiver: { signedAt: '2026-11-20T02:00:00Z', documentRef: '免责-2026-118' },
    });
    cases.goodwill = String(goodwill.id);

    /** A transmission repair claimed for `vehicle`, its quality problem determined (eligibility decided). */
    const claimedRepair = async (vehicle: object, repairOrderId: string) => {
      const claim = await api(clerk, 'POST', '/api/v1/warranty-claims', {
        vehicle: { vin: 'LSVAU2180N2183294', ...vehicle },
        repairOrderId,
        fault: { system: 'transmission', description: '二挡升三挡冲击', partClass: 'base' },
        labour: [{ operationCode: 'TR-VB-01', claimedCents: 60_000 }],
        // Serviced yesterday: priced by oem-prices@2 (in force from 2026-07-01), the valve body at 2,280.00.
        parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1, claimedCents: 228_000 }],
        laborCents: 60_000,
        partsCents: 228_000,
        serviceCompletedAt: new Date(Date.now() - 86_400_000).toISOString(),
      });
      await api(clerk, 'POST', `/api/v1/warranty-claims/${String(claim.id)}/actions/determine-quality`, {
        qualityProblem: true,
        notes: '质量问题',
      });
      return String(claim.id);
    };
    cases.warranty = await claimedRepair(
      { use: 'private', invoiceDate: '2025-09-01', mileageKm: 12_000 },
      'RO-2026-0302-05',
    );
    // Sold as a taxi in 2019, 160,000 km: outside the three guarantees' scope and past the OEM period.
    cases.lapsed = await claimedRepair(
      { use: 'taxi', invoiceDate: '2019-01-15', mileageKm: 160_000 },
      'RO-2026-0302-06',
    );

    const preferential = await api(serviceDirector, 'POST', '/api/v1/preferential-claims', {
      customerSensitivity: ['media'],
      vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2020-01-06', mileageKm: 131_000 },
      faultDescription: '变速箱故障，已出保',
      cause: 'quality_defect',
    });
    cases.preferential = String(preferential.id);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const findings: string[] = [];
  async function check(user: ConsoleUser, fragment: string, where: string, ready: string) {
    await user.go(fragment);
    await user.page.locator(ready).first().waitFor();
    await user.page.waitForLoadState('networkidle');
    findings.push(...(await untranslatedText(user.page, where)));
  }

  it('the sign-in page', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('heading', { name: '登录控制台' }).waitFor();
    const found = await untranslatedText(page, 'sign-in');
    await context.close();
    expect(found).toEqual([]);
  });

  it('customer service: My work, a new complaint, the complaint with its history, a refused form', async () => {
    const user = await ConsoleUser.signIn(browser, server.baseUrl, cs);
    findings.length = 0;
    await check(user, '#/work', 'My work', '[data-testid="work-queue"]');
    await check(user, '#/new/complaints', 'new complaint', '[data-testid="create-form"]');
    await check(
      user,
      `#/cases/complaints/${cases.complaint}`,
      'complaint',
      '[data-testid="history-timeline"]',
    );
    await user.close();
    expect(findings).toEqual([]);
  });

  it('attachments on the case page: a waiver scan uploaded, listed in Chinese, downloaded as sent; a type not taken said in Chinese', async () => {
    const user = await ConsoleUser.signIn(browser, server.baseUrl, cs);
    await user.go(`#/cases/complaints/${cases.complaint}`);
    const panel = user.page.getByTestId('attachments');
    await panel.getByText('暂无附件').waitFor();
    const scan = Buffer.from('%PDF-1.7\n免责协议（已签字）\n%%EOF\n');
    await chooseOption(user.page, panel.getByTestId('attachment-kind'), '免责协议扫描件');
    await panel.locator('input[type="file"]').setInputFiles({
      name: '免责协议.pdf',
      mimeType: 'application/pdf',
      buffer: scan,
    });
    await panel.getByRole('button', { name: '上传' }).click();
    const row = panel.locator('[data-testid="attachment-list"] tbody tr');
    await row.first().waitFor();
    expect(await row.first().innerText()).toContain('免责协议扫描件');
    expect(await row.first().innerText()).toContain('免责协议.pdf');
    const [download] = await Promise.all([
      user.page.waitForEvent('download'),
      row.first().getByRole('button', { name: '下载' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('免责协议.pdf');
    expect(readFileSync((await download.path())!).equals(scan)).toBe(true);

    await panel.locator('input[type="file"]').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a document'),
    });
    await panel.getByRole('button', { name: '上传' }).click();
    await panel.getByTestId('attachment-refused').waitFor();
    expect(await panel.getByTestId('attachment-refused').innerText()).toContain('文件类型不支持');
    expect(await untranslatedText(user.page, 'attachments')).toEqual([]);
    await user.close();
  });

  it('a refused form says each field error in Chinese', async () => {
    const user = await ConsoleUser.signIn(browser, server.baseUrl, cs);
    const complaint = await apiAs(server.baseUrl, cs, 'POST', '/api/v1/complaints', {
      channel: 'phone',
      category: 'delay',
      severity: 'normal',
      customer: { name: '李梅', phone: '13900139000', class: 'A', sensitive: [] },
      vehicle: { vin: 'LSVAU2180N2183295' },
      description: '维修延误',
    });
    await user.go(`#/cases/complaints/${String(complaint.id)}`);
    const form = await user.startAction('verify');
    await user.submit(form);
    await form.getByRole('alert').first().waitFor();
    expect(await form.innerText()).toContain('必填');
    expect(await untranslatedText(user.page, 'refused verify')).toEqual([]);
    await user.close();
  });

  it('satisfaction is an explicit 满意 / 不满意 choice, and 不满意 warns what it does', async () => {
    const user = await ConsoleUser.signIn(browser, server.baseUrl, cs);
    await user.go(`#/cases/complaints/${cases.complaint}`);
    const form = await user.startAction('confirm-satisfaction');
    expect(await form.getByRole('radio', { checked: true }).count()).toBe(0);
    await user.submit(form);
    await form.getByRole('alert').first().waitFor();
    expect(await form.innerText()).toContain('必填');
    await form.getByRole('radio', { name: '不满意', exact: true }).check();
    expect(await form.getByTestId('consequence-satisfied').innerText()).toContain('升级');
    await form.getByRole('radio', { name: '满意', exact: true }).check();
    expect(await form.getByTestId('consequence-satisfied').count()).toBe(0);
    await user.submit(form);
    await user.waitForState('待 7 日回访');
    await user.close();
  });

  it('v3 complaints: every new action form, and a paused clock, speak Chinese', async () => {
    const api = (person: Person, path: string, body: unknown) =>
      apiAs(server.baseUrl, person, 'POST', path, body);
    const open = async (description: string) =>
      String(
        (
          await api(cs, '/api/v1/complaints', {
            channel: 'phone',
            category: 'repair_technique',
            severity: 'normal',
            customer: { name: '孙强', phone: '13600136000', class: 'B', sensitive: [] },
            vehicle: { vin: 'LSVAU2180N2183297' },
            description,
          })
        ).id,
      );
    const act = (person: Person, id: string, action: string, body: unknown = {}) =>
      api(person, `/api/v1/complaints/${id}/actions/${action}`, body);
    const routed = async (id: string) =>
      act(cs, id, 'verify', { findings: '属实', problemClass: 'technical', judgement: 'dissatisfaction' });
    const planned = async (id: string) => {
      await routed(id);
      await act(technicalDirector, id, 'propose-resolution', {
        cause: '异响',
        plan: '更换',
        costHandling: { payer: 'customer', amountCents: 30_000 },
      });
      await act(cs, id, 'record-customer-reply', { decision: 'accepted' });
    };

    findings.length = 0;
    /** Opens an action's form on a case, checks what it shows (with a select's options open), and cancels it. */
    const form = async (user: ConsoleUser, id: string, action: string, select?: string) => {
      await user.go(`#/cases/complaints/${id}`);
      const dialog = await user.startAction(action);
      if (select !== undefined) await dialog.locator(`[data-field="${select}"]`).first().click();
      findings.push(...(await untranslatedText(user.page, `${action} form`)));
      const options = select === undefined ? [] : await user.page.getByRole('option').allInnerTexts();
      if (select !== undefined) await user.page.keyboard.press('Escape');
      await dialog.getByRole('button', { name: '取消' }).click();
      return options;
    };

    const received = await open('刹车异响');
    const handler = await ConsoleUser.signIn(browser, server.baseUrl, cs);
    expect(await form(handler, received, 'verify', 'judgement')).toEqual([
      '不良（材料或制造缺陷）',
      '不满（符合标准但客户不满意）',
      '客户过失',
    ]);
    await form(handler, received, 'dismiss');
    await handler.close();

    const dismissed = await open('客户误报');
    await act(cs, dismissed, 'dismiss', { reason: '车辆无故障', customerReply: '已电话告知客户检测结果' });
    const manager = await ConsoleUser.signIn(browser, server.baseUrl, serviceManager);
    await form(manager, dismissed, 'approve-dismissal');
    await form(manager, dismissed, 'refuse-dismissal');
    const escalated = await open('多次维修未解决');
    await routed(escalated);
    await act(cs, escalated, 'escalate', { reason: '客户要求经理处理' });
    await form(manager, escalated, 'take-over');
    await manager.close();

    const toPlan = await open('变速箱冲击');
    await routed(toPlan);
    const director = await ConsoleUser.signIn(browser, server.baseUrl, technicalDirector);
    expect(await form(director, toPlan, 'propose-resolution', 'costHandling.payer')).toEqual([
      '经销商',
      '厂家',
      '客户',
      '共同承担',
    ]);
    // A hint kept for the preferential claim's cause is not shown under a complaint's cause analysis.
    await director.go(`#/cases/complaints/${toPlan}`);
    const plan = await director.startAction('propose-resolution');
    expect(await plan.innerText()).not.toContain('优惠索赔');
    await director.close();

    const toRepair = await open('空调不制冷');
    await planned(toRepair);
    const advisor = await ConsoleUser.signIn(browser, server.baseUrl, serviceAdvisor);
    await form(advisor, toRepair, 'receive-repair-order');
    await act(serviceAdvisor, toRepair, 'receive-repair-order', { internalOrderRef: 'IRO-2026-0302-09' });

    // The advisor pauses the feedback clock beside it: the clock is chosen, the reasons are in Chinese.
    await advisor.go(`#/cases/complaints/${toRepair}`);
    await advisor.page.locator('button[data-clock-action="pause-clock"][data-deadline="feedback"]').click();
    const pause = advisor.page.getByTestId('action-form-pause-clock');
    expect(await pause.locator('[data-field="deadline"]').first().inputValue()).toBe('24 小时反馈');
    await pause.locator('[data-field="reason"]').first().click();
    expect(await advisor.page.getByRole('option').allInnerTexts()).toEqual([
      '等待备件',
      '等待客户',
      '等待厂家',
    ]);
    findings.push(...(await untranslatedText(advisor.page, 'pause-clock form')));
    await advisor.page.getByRole('option', { name: '等待厂家', exact: true }).click();
    await advisor.submit(pause);
    const paused = advisor.page.getByTestId('pause-feedback');
    await paused.waitFor();
    expect(await paused.innerText()).toMatch(/等待厂家 · 暂停 (不到 1 分钟|\d+ 分钟)/);
    findings.push(...(await untranslatedText(advisor.page, 'a paused clock')));
    await expectAccessible(advisor.page, 'a paused clock');
    await advisor.page.locator('button[data-clock-action="resume-clock"][data-deadline="feedback"]').click();
    findings.push(...(await untranslatedText(advisor.page, 'resume-clock form')));
    await advisor.submit(advisor.page.getByTestId('action-form-resume-clock'));
    await advisor.page.locator('[data-deadline-kind="feedback"] [data-deadline-status="pending"]').waitFor();
    await act(serviceAdvisor, toRepair, 'report-feedback', { result: '已修复' });
    await advisor.close();

    await act(cs, toRepair, 'confirm-satisfaction', { satisfied: true });
    await act(cs, toRepair, 'record-follow-up', { satisfaction: 'satisfied' });
    const closing = await ConsoleUser.signIn(browser, server.baseUrl, cs);
    await form(closing, toRepair, 'close');
    await check(
      closing,
      `#/cases/complaints/${toRepair}`,
      'v3 complaint',
      '[data-testid="history-timeline"]',
    );
    await closing.close();
    expect(findings).toEqual([]);
  }, 120_000);

  it('今日回访: the calls due today, overdue first, recorded and completed from the list', async () => {
    const day = 86_400_000;
    const report = async (externalId: string, daysAgo: number) =>
      (
        (await apiAs(server.baseUrl, cs, 'POST', '/api/v1/service-events', {
          externalId,
          kind: 'repair_completed',
          occurredAt: new Date(Date.now() - daysAgo * day).toISOString(),
          vehicle: { vin: 'LSVAU2180N2183298' },
          customer: { name: '周敏', phone: '13500135000' },
        })) as { followUps: string[] }
      ).followUps[0]!;
    // The shipped plan calls 3 to 7 days after a repair: one window open now, one closed, one not yet open.
    const open = await report('DMS-0401', 4);
    const overdue = await report('DMS-0402', 8);
    const later = await report('DMS-0403', 1);

    const user = await ConsoleUser.signIn(browser, server.baseUrl, cs);
    await user.page.getByRole('navigation').getByRole('link', { name: '今日回访' }).waitFor();
    await user.go('#/follow-ups');
    const list = user.page.getByTestId('follow-ups-today');
    await list.locator(`tr[data-case-id="${open}"]`).waitFor();
    const rows = await list
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute('data-case-id'), tr.getAttribute('data-urgency')]),
      );
    expect(rows).toEqual([
      [overdue, 'overdue'],
      [open, 'open'],
    ]);
    expect(rows.map(([id]) => id)).not.toContain(later);
    findings.length = 0;
    findings.push(...(await untranslatedText(user.page, 'follow-ups today')));
    await expectAccessible(user.page, 'follow-ups today');
    await user.page.screenshot({ path: screenshotPath('follow-ups-today'), fullPage: true });

    // A call not answered: recorded from the list, the count goes up and the call stays on it.
    await list.locator(`tr[data-case-id="${open}"] button[data-action="record-attempt"]`).click();
    const attempt = user.page.getByTestId('action-form-record-attempt');
    await chooseOption(user.page, attempt.locator('[data-field="outcome"]').first(), '未接通');
    findings.push(...(await untranslatedText(user.page, 'record-attempt form')));
    await user.submit(attempt);
    await list.locator(`tr[data-case-id="${open}"]`).filter({ hasText: '1 / 3' }).waitFor();

    // The overdue call made late: completed with the customer's satisfaction, it leaves the list.
    await list.locator(`tr[data-case-id="${overdue}"] button[data-action="complete"]`).click();
    const complete = user.page.getByTestId('action-form-complete');
    await chooseOption(user.page, complete.locator('[data-field="satisfaction"]').first(), '满意');
    findings.push(...(await untranslatedText(user.page, 'complete form')));
    await user.submit(complete);
    await list.locator(`tr[data-case-id="${overdue}"]`).waitFor({ state: 'detached' });

    await list.locator(`tr[data-case-id="${open}"] button[data-action="cancel"]`).click();
    const cancel = user.page.getByTestId('action-form-cancel');
    await cancel.locator('[data-field="reason"]').first().click();
    expect(await user.page.getByRole('option').allInnerTexts()).toEqual([
      '客户不愿接受回访',
      '车辆已售出',
      '重复',
      '无需再次致电',
      '其他问题',
    ]);
    findings.push(...(await untranslatedText(user.page, 'cancel form')));
    await user.page.keyboard.press('Escape');
    await cancel.getByRole('button', { name: '取消' }).click();

    await check(
      user,
      `#/cases/follow-ups/${overdue}`,
      'a completed follow-up',
      '[data-testid="history-timeline"]',
    );
    await user.close();
    expect(findings).toEqual([]);
  }, 120_000);

  it('客户档案: a customer found by VIN and by phone, with vehicles and the contact history in Chinese', async () => {
    const reported = (await apiAs(server.baseUrl, cs, 'POST', '/api/v1/service-events', {
      externalId: 'DMS-0501',
      kind: 'maintenance_completed',
      occurredAt: new Date().toISOString(),
      vehicle: { vin: 'LSVAU2180N2183301', plate: '沪B54321' },
      customer: { name: '孙丽', phone: '13700137000', class: 'A' },
    })) as { id: string };
    const user = await ConsoleUser.signIn(browser, server.baseUrl, cs);
    await user.page.getByRole('navigation').getByRole('link', { name: '客户档案' }).waitFor();
    await user.go('#/customers');
    const search = async (typed: string) => {
      await user.page.getByTestId('customer-search').fill(typed);
      await user.page.getByRole('button', { name: '搜索' }).click();
      return user.page.getByTestId('customer-record').first();
    };
    const byVin = await search('LSVAU2180N2183301');
    await byVin.getByText('孙丽').waitFor();
    expect(await byVin.innerText()).toContain('沪B54321');
    await byVin.locator(`a[href$="${reported.id}"]`).waitFor();
    findings.length = 0;
    findings.push(...(await untranslatedText(user.page, 'customer record')));
    await expectAccessible(user.page, 'customer record');
    await user.page.screenshot({ path: screenshotPath('customer-record'), fullPage: true });
    const byPhone = await search('137 0013 7000');
    await byPhone.getByText('保养完成').first().waitFor();
    await user.close();
    expect(findings).toEqual([]);
  }, 120_000);

  it('money is typed in yuan and sent in fen', async () => {
    const user = await ConsoleUser.signIn(browser, server.baseUrl, serviceDirector);
    await user.go('#/new/goodwill-applications');
    const create = user.page.getByTestId('create-form');
    // The major complaint of the setup: goodwill settles major complaints only (v3).
    await create.locator('[data-field="complaintId"]').first().fill(cases.major!);
    await addCostLine(user.page, create, { kind: '直接费用', description: '代步车费用', yuan: '12000.5' });
    await addCostLine(user.page, create, { kind: '连带费用', description: '误工损失', yuan: '3000' });
    await create.locator('[data-field="lossDescription"]').first().fill('代步车费用');
    await create.locator('[data-field="waiver.signedAt"]').first().fill('2026-11-20T10:00');
    await create.locator('[data-field="waiver.documentRef"]').first().fill('免责-2026-200');
    await create.locator('button[type="submit"]').click();
    await user.waitForState('待确认免责协议');
    const id = decodeURIComponent(user.page.url().split('/').pop()!);
    const view = await apiAs(server.baseUrl, serviceDirector, 'GET', `/api/v1/goodwill-applications/${id}`);
    const data = view.data as { amountCents: number; waiver: { signedAt: string } };
    expect(data.amountCents).toBe(1_200_050);
    // 10:00 in Asia/Shanghai, sent with its offset.
    expect(new Date(data.waiver.signedAt).toISOString()).toBe('2026-11-20T02:00:00.000Z');
    expect(await user.page.getByTestId('case-data').innerText()).toContain('12,000.50');
    await user.close();
  });

  it('pages by role: no 审计 for customer service, the auditor lands on 审计, My work names the customer and marks a major complaint', async () => {
    const handler = await ConsoleUser.signIn(browser, server.baseUrl, cs);
    await handler.go('#/work');
    const nav = handler.page.getByRole('navigation');
    await nav.getByRole('link', { name: '我的待办' }).waitFor();
    expect(await nav.getByRole('link', { name: '审计' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: '审批收件箱' }).count()).toBe(0);
    const row = handler.page.locator(`[data-testid="work-queue"] tr[data-case-id="${cases.major}"]`);
    expect(await row.getByTestId('major-marker').innerText()).toBe('重大');
    expect(await row.getByTestId('queue-customer').innerText()).toContain('赵丽');
    await handler.close();

    const auditing = await ConsoleUser.signIn(browser, server.baseUrl, auditor);
    await auditing.go('#/');
    await auditing.page.getByTestId('audit-search').waitFor();
    const auditNav = auditing.page.getByRole('navigation');
    expect(await auditNav.getByRole('link', { name: '我的待办' }).count()).toBe(0);
    await auditing.close();
  });

  it('an expired token handed over by the identity provider says why on the sign-in page', async () => {
    // The console reads only the claims (the server checks the signature): an exp an hour ago.
    const claims = { sub: 'wang.cs', roles: ['customer_service'], exp: Math.floor(Date.now() / 1000) - 3600 };
    const expiredToken = `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/#access_token=${expiredToken}`);
    expect(await page.getByTestId('signed-out-because').innerText()).toContain('已过期');
    expect(await untranslatedText(page, 'sign-in after an expired token')).toEqual([]);
    await context.close();
  });

  it('the service director: new goodwill and preferential claim, their case pages', async () => {
    const user = await ConsoleUser.signIn(browser, server.baseUrl, serviceDirector);
    findings.length = 0;
    await check(user, '#/new/goodwill-applications', 'new goodwill', '[data-testid="create-form"]');
    await check(user, '#/new/preferential-claims', 'new preferential claim', '[data-testid="create-form"]');
    expect(await user.page.getByTestId('create-form').innerText()).toContain(
      '自然灾害造成的损坏不能申请优惠索赔',
    );
    await check(
      user,
      `#/cases/goodwill-applications/${cases.goodwill}`,
      'goodwill',
      '[data-testid="case-data"]',
    );
    // Nested fields are named by their path: the waiver's signing time, each cost line's kind.
    const goodwillData = await user.page.getByTestId('case-data').innerText();
    expect(goodwillData).toContain('免责协议签署时间');
    expect(goodwillData).toContain('费用类型');
    expect(goodwillData).toContain('代步车费用');
    await check(
      user,
      `#/cases/preferential-claims/${cases.preferential}`,
      'preferential',
      '[data-testid="case-data"]',
    );
    await user.close();
    expect(findings).toEqual([]);
  });

  it('the claims clerk: a new warranty claim, one with its eligibility decision and one out of warranty', async () => {
    const user = await ConsoleUser.signIn(browser, server.baseUrl, clerk);
    findings.length = 0;
    await check(user, '#/new/warranty-claims', 'new warranty claim', '[data-testid="create-form"]');
    await check(
      user,
      `#/cases/warranty-claims/${cases.warranty}`,
      'warranty claim',
      '[data-testid="case-data"]',
    );
    // Not eligible: each rule said in Chinese with why it does not apply, the flags and policies by name.
    await check(
      user,
      `#/cases/warranty-claims/${cases.lapsed}`,
      'warranty claim out of warranty',
      '[data-testid="case-data"]',
    );
    const eligibility = await user.page.getByTestId('case-data').innerText();
    expect(eligibility).toMatch(/——不适用：期限已于 \d{4}-\d{2}-\d{2} 届满/);
    expect(eligibility).toContain('本车销售时用途：出租车');
    expect(eligibility).toContain('不在三包适用范围内');
    expect(eligibility).toContain('厂家质量保修政策（第 1 版）');
    expect(eligibility).toContain('按此日期和里程，厂家保修、三包和优惠索赔均不适用');
    await user.close();
    expect(findings).toEqual([]);
  });

  it('an approver: the approvals inbox', async () => {
    const user = await ConsoleUser.signIn(browser, server.baseUrl, oemRep);
    findings.length = 0;
    await check(user, '#/approvals', 'approvals', 'main');
    await user.close();
    expect(findings).toEqual([]);
  });

  it('the auditor and a manager: audit and the SLA dashboard', async () => {
    const auditing = await ConsoleUser.signIn(browser, server.baseUrl, auditor);
    findings.length = 0;
    await check(auditing, '#/audit', 'audit', '[data-testid="audit-search"]');
    await auditing.page.locator('[data-testid="audit-search"] button[type="submit"]').click();
    await auditing.page.locator('[data-testid="audit-events"] tbody tr').first().waitFor();
    findings.push(...(await untranslatedText(auditing.page, 'audit results')));
    await auditing.close();
    const manager = await ConsoleUser.signIn(browser, server.baseUrl, serviceManager);
    await check(manager, '#/sla', 'SLA', 'main');
    await manager.close();
    expect(findings).toEqual([]);
  });

  it.each([
    ['客户投诉信息登记表', 'complaints', 'complaint', 'registration'],
    ['客户投诉内部维修委托书', 'complaints', 'complaint', 'repair-order'],
    ['善意补偿款申请表', 'goodwill-applications', 'goodwill', 'application'],
    ['优惠索赔审批表', 'preferential-claims', 'preferential', 'approval'],
    ['质量保修索赔单', 'warranty-claims', 'warranty', 'claim'],
    ['质量保修索赔单', 'warranty-claims', 'lapsed', 'claim'],
  ])(
    'prints 《%s》 (%s, the %s case) to an A4 PDF with the case id, every step with its hash, and the case’s QR code',
    async (title, resource, key, form) => {
      const person =
        resource === 'warranty-claims' ? clerk : resource === 'complaints' ? cs : serviceDirector;
      const id = cases[key]!;
      const history = (await apiAs(server.baseUrl, person, 'GET', `/api/v1/${resource}/${id}/history`)) as {
        events: { hash: string; revision: number; position: number }[];
      };
      const user = await ConsoleUser.signIn(browser, server.baseUrl, person);
      await user.go(`#/print/${resource}/${id}/${form}`);
      await user.page.getByTestId('print-view').locator('table').first().waitFor();
      // The QR code is the verification link with the head the copy shows, drawn as the console draws it.
      const head = history.events[history.events.length - 1]!;
      const link = verificationLink(server.baseUrl, resource, id, head);
      const qr = user.page.getByTestId('case-qr-image');
      await qr.waitFor();
      expect(await qr.getAttribute('src')).toBe(svgImageSource(await qrSvg(link, QR_OPTIONS)));
      expect(link).toContain(`hash=${head.hash}`);
      const pdf = join(dataDir, `${form}-${id}.pdf`);
      await user.page.pdf({ path: pdf, format: 'A4', printBackground: true });
      const untranslated = await untranslatedText(user.page, `print ${form}`);
      await user.close();
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
      const compact = text.replace(/\s+/g, '');
      expect(compact).toContain(`《${title}》`);
      expect(compact).toContain(id);
      for (const event of history.events) expect(compact).toContain(event.hash);
      expect(compact).toContain(`日志位置：${head.position}`);
      expect(untranslated).toEqual([]);
    },
  );
});
