import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { issueDevToken } from '../../libs/auth/index.js';
import { ensureBuilt, startBuiltServer, type BuiltServer } from '../e2e/built-server.js';
import { complaintIntake } from '../e2e/complaint-fixtures.js';
import { TEST_SECRET } from '../e2e/engine-under-test.js';
import { expectAccessible } from './accessibility.js';
import { browserAvailability, launchChromium } from './browser.js';
import { ConsoleUser, addCostLine, chooseOption, field, type Person } from './console-user.js';
import { SCREENSHOTS } from './screenshots.js';
import { untranslatedText } from './untranslated.js';

/** A whole page as one picture: the viewport grown to the page (full-page shots repeat the fixed header). */
async function screenshotWholePage(page: Page, path: string): Promise<void> {
  const height = await page.evaluate('document.documentElement.scrollHeight');
  await page.setViewportSize({ width: 1440, height: Math.min(Number(height), 4000) });
  await page.screenshot({ path });
  await page.setViewportSize({ width: 1440, height: 960 });
}

/**
 * The web console, clicked in a real Chromium against the real server (the built `npm start` entry point)
 * on the embedded SQLite store. Screenshots go to docs/screenshots when UPDATE_SCREENSHOTS=1 (the docs'
 * pictures), otherwise to dist/screenshots so an ordinary test run leaves the tree unchanged.
 */
const browserCheck = browserAvailability();
const describeInBrowser = browserCheck.available ? describe : describe.skip;
if (!browserCheck.available) console.log(`Skipping the console browser tests: ${browserCheck.reason}`);

const D001 = { dealerId: 'D001', regionId: 'R01' };
/** The walked v3 complaint: opened, then verify, plan, reply, repair order, pause, resume, feedback, satisfaction, follow-up, close. */
const COMPLAINT_EVENTS = 11;
const cs: Person = { sub: 'wang.cs', role: 'customer_service', ...D001 };
const technicalDirector: Person = { sub: 'li.td', role: 'technical_director', ...D001 };
const serviceAdvisor: Person = { sub: 'zhao.sa', role: 'service_advisor', ...D001 };
const serviceDirector: Person = { sub: 'chen.sd', role: 'service_director', ...D001 };
const auditor: Person = { sub: 'audit.zhang', role: 'auditor' };
const GOODWILL_SIGNERS: Person[] = [
  { sub: 'oem.rep', role: 'oem_aftersales_rep', regionId: 'R01' },
  { sub: 'oem.rsm', role: 'regional_service_manager', regionId: 'R01' },
  { sub: 'oem.gm', role: 'oem_general_manager' },
  { sub: 'oem.pl', role: 'product_liability' },
  { sub: 'oem.lead', role: 'oem_leadership' },
];

/** A dev token for the person (the server under test accepts dev tokens). */
function tokenOf(person: Person): Promise<string> {
  return issueDevToken(TEST_SECRET, {
    sub: person.sub,
    roles: [person.role as 'customer_service'],
    ...(person.dealerId !== undefined ? { dealerId: person.dealerId } : {}),
    ...(person.regionId !== undefined ? { regionId: person.regionId } : {}),
  });
}

/** Uploads a scanned document of `kind` to the case at `casePath` as `person` (raw PDF body). */
async function attachAs(baseUrl: string, person: Person, casePath: string, kind: string): Promise<void> {
  const token = await tokenOf(person);
  const response = await fetch(`${baseUrl}${casePath}/attachments?kind=${kind}&fileName=${kind}.pdf`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' },
    body: Buffer.from('%PDF-1.7\nscan\n%%EOF\n'),
  });
  if (response.status !== 201) throw new Error(`${kind}: ${response.status} ${await response.text()}`);
}

async function apiAs(baseUrl: string, person: Person, method: string, path: string, body?: unknown) {
  const token = await tokenOf(person);
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

describeInBrowser('web console in Chromium, against the built server on the embedded store', () => {
  let dataDir: string;
  let server: BuiltServer;
  let browser: Browser;
  let complaintId = '';
  let goodwillId = '';

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'aftersales-console-'));
    // Anchors every 200 ms, not every 30 s: the auditor's export expects an anchor over the events made
    // earlier in this file, which the default interval gave only when the file ran longer than 30 s.
    server = await startBuiltServer(dataDir, {
      AUTH_DEV_TOKENS: 'true',
      LOG_LEVEL: 'info',
      AUDIT_ANCHOR_INTERVAL_MS: '200',
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const as = (person: Person, language: 'en' | 'zh-CN' = 'en') =>
    ConsoleUser.signIn(browser, server.baseUrl, person, { language });

  it('is served at / and speaks Chinese by default', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('heading', { name: '登录控制台' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expectAccessible(page, 'sign-in');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await context.close();
  });

  it('walks a complaint from intake to close, each role signing in and clicking its own step', async () => {
    // Customer service registers the complaint from My work.
    const handler = await as(cs);
    await handler.page.getByRole('link', { name: 'New Complaint' }).click();
    const intake = handler.page.getByTestId('create-form');
    await chooseOption(handler.page, field(intake, 'channel'), 'Walk in');
    await chooseOption(handler.page, field(intake, 'category'), 'Repair technique');
    await chooseOption(handler.page, field(intake, 'severity'), 'Normal');
    await field(intake, 'customer.name').fill('王建国');
    await field(intake, 'customer.phone').fill('13800138000');
    await chooseOption(handler.page, field(intake, 'customer.class'), 'B');
    await field(intake, 'vehicle.vin').fill('LSVAU2180N2183294');
    await field(intake, 'description').fill('发动机异响，上周维修后仍未解决');
    await intake.locator('button[type="submit"]').click();
    await handler.waitForState('Received');
    complaintId = decodeURIComponent(handler.page.url().split('/').pop()!);
    expect(await handler.allowedActions()).toEqual(expect.arrayContaining(['verify', 'dismiss']));

    // A verification without findings is refused by the server; the reason shows under the field.
    let form = await handler.startAction('verify');
    await handler.submit(form);
    await form.getByRole('alert').first().waitFor();
    expect(await field(form, 'findings').getAttribute('aria-invalid')).toBe('true');
    expect(await field(form, 'problemClass').getAttribute('aria-invalid')).toBe('true');
    await field(form, 'findings').fill('工单 RO-2026-0301-17 核实：发动机异响属实');
    await chooseOption(handler.page, field(form, 'problemClass'), 'Technical');
    // v3 also asks for the judgement (不良/不满/客户过失); without it the machine refuses, under that field.
    await handler.submit(form);
    await form.locator('[data-field="judgement"][aria-invalid="true"]').waitFor();
    await chooseOption(handler.page, field(form, 'judgement'), 'Defect');
    await handler.submit(form);
    await handler.waitForState('Routed');
    await handler.close();

    // The technical director proposes the plan with its cost; above their authority (¥2,000) it is refused.
    const director = await as(technicalDirector);
    await director.openFromWorkQueue(complaintId);
    form = await director.startAction('propose-resolution');
    await field(form, 'cause').fill('正时链条张紧器磨损');
    await field(form, 'plan').fill('更换张紧器，免工时费');
    await chooseOption(director.page, field(form, 'costHandling.payer'), 'Dealer');
    await field(form, 'costHandling.amountCents').fill('2500');
    await director.submit(form);
    await form.locator('[data-field="costHandling.amountCents"][aria-invalid="true"]').waitFor();
    await field(form, 'costHandling.amountCents').fill('800');
    await director.submit(form);
    await director.waitForState('Awaiting customer reply');
    await director.close();

    // Customer service opens the reply form; meanwhile the service advisor records the reply by phone.
    const replying = await as(cs);
    await replying.openFromWorkQueue(complaintId);
    form = await replying.startAction('record-customer-reply');
    await chooseOption(replying.page, field(form, 'decision'), 'Accepted');
    await apiAs(
      server.baseUrl,
      serviceAdvisor,
      'POST',
      `/api/v1/complaints/${complaintId}/actions/record-customer-reply`,
      {
        decision: 'accepted',
        notes: 'by phone',
      },
    );
    await replying.submit(form);
    // The stale form is refused (412), explained, and the page shows the case as it now is.
    const conflict = replying.page.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('412');
    await replying.waitForState('Awaiting repair order');
    await replying.close();

    // The service advisor receives the internal repair order: the 24-hour feedback clock starts.
    const advisor = await as(serviceAdvisor);
    await advisor.openFromWorkQueue(complaintId);
    form = await advisor.startAction('receive-repair-order');
    await field(form, 'internalOrderRef').fill('IRO-2026-0302-04');
    await advisor.submit(form);
    await advisor.waitForState('Awaiting feedback');
    const feedbackClock = advisor.page.locator('[data-deadline-kind="feedback"] [data-deadline-status]');
    expect(await feedbackClock.getAttribute('data-deadline-status')).toBe('pending');

    // Waiting for a part, the advisor pauses the clock beside it (the clock is already chosen), then resumes it.
    await advisor.page.locator('button[data-clock-action="pause-clock"][data-deadline="feedback"]').click();
    form = advisor.page.getByTestId('action-form-pause-clock');
    expect(await field(form, 'deadline').inputValue()).toBe('Feedback');
    await chooseOption(advisor.page, field(form, 'reason'), 'Waiting for parts');
    await advisor.submit(form);
    await advisor.page.locator('[data-deadline-kind="feedback"] [data-deadline-status="paused"]').waitFor();
    expect(await advisor.page.getByTestId('pause-feedback').innerText()).toContain('Waiting for parts');
    await advisor.page.locator('button[data-clock-action="resume-clock"][data-deadline="feedback"]').click();
    form = advisor.page.getByTestId('action-form-resume-clock');
    await advisor.submit(form);
    await advisor.page.locator('[data-deadline-kind="feedback"] [data-deadline-status="pending"]').waitFor();

    // It reports the repair's result within 24 hours.
    form = await advisor.startAction('report-feedback');
    await field(form, 'result').fill('已更换张紧器，试车无异响');
    await advisor.submit(form);
    await advisor.waitForState('Awaiting satisfaction');
    await advisor.close();

    // Customer service confirms satisfaction, records the 7-day follow-up and closes with the root cause.
    const closing = await as(cs);
    await closing.openFromWorkQueue(complaintId);
    form = await closing.startAction('confirm-satisfaction');
    // An explicit choice: nothing is recorded as "not satisfied" by leaving a box unticked.
    await form.getByRole('radio', { name: 'Satisfied', exact: true }).check();
    await closing.submit(form);
    await closing.waitForState('Awaiting follow up');
    expect(await closing.page.locator('[data-deadline-status]').count()).toBeGreaterThan(0);
    form = await closing.startAction('record-follow-up');
    await chooseOption(closing.page, field(form, 'satisfaction'), 'Satisfied');
    await closing.submit(form);
    await closing.page.locator('[data-testid="allowed-actions"] button[data-action="close"]').waitFor();
    form = await closing.startAction('close');
    await field(form, 'rootCause').fill('张紧器批次磨损');
    await field(form, 'preventiveAction').fill('同批次车辆保养时检查张紧器');
    await closing.submit(form);
    await closing.waitForState('Closed');
    expect(await closing.allowedActions()).toEqual(['reopen']);
    // The diagram is drawn and the current state is marked on it.
    await closing.page.locator('[data-testid="workflow-diagram"] svg').waitFor();
    expect(await closing.page.locator('[data-testid="workflow-diagram"] g.current').count()).toBeGreaterThan(
      0,
    );
    const revisions = await closing.page.locator('[data-testid="history-timeline"] [data-revision]').count();
    expect(revisions).toBe(COMPLAINT_EVENTS);
    await closing.close();
  }, 180_000);

  it('takes a goodwill application through its five signers in order, each seeing it in the approvals inbox', async () => {
    // Goodwill v3 settles a major complaint of the dealer (「为了处理重大客户投诉」).
    const complaint = await apiAs(
      server.baseUrl,
      cs,
      'POST',
      '/api/v1/complaints',
      complaintIntake({ severity: 'major' }),
    );
    const director = await as(serviceDirector);
    await director.go('#/new/goodwill-applications');
    const create = director.page.getByTestId('create-form');
    await field(create, 'complaintId').fill(String(complaint.id));
    // Typed in yuan; the API receives minor units (fen). Only the direct line is payable.
    await addCostLine(director.page, create, { kind: 'Direct', description: 'rental car', yuan: '12000' });
    await addCostLine(director.page, create, {
      kind: 'Consequential',
      description: 'lost business',
      yuan: '3000',
    });
    await field(create, 'lossDescription').fill('客户车辆因维修延误产生的代步车费用');
    await field(create, 'waiver.signedAt').fill('2026-11-20T10:00');
    await field(create, 'waiver.documentRef').fill('WAIVER-2026-118');
    await create.locator('button[type="submit"]').click();
    await director.waitForState('Awaiting waiver confirmation');
    goodwillId = decodeURIComponent(director.page.url().split('/').pop()!);
    // v3: the rep confirms on the signed waiver's scan, which the director uploads on the case page.
    const attachments = director.page.getByTestId('attachments');
    await chooseOption(director.page, attachments.getByTestId('attachment-kind'), 'Waiver scan');
    await attachments.locator('input[type="file"]').setInputFiles({
      name: 'waiver.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.7\nsigned waiver\n%%EOF\n'),
    });
    await attachments.getByRole('button', { name: 'Upload' }).click();
    await attachments.locator('[data-testid="attachment-list"] tbody tr').first().waitFor();
    await director.close();

    for (const [index, signer] of GOODWILL_SIGNERS.entries()) {
      const user = await as(signer);
      await user.go('#/approvals');
      const card = user.page.locator(`[data-testid="approvals-inbox"] [data-case-id="${goodwillId}"]`);
      await card.waitFor();
      if (index > 0) {
        // Who signed and whose turn it is, on the card.
        expect(await card.locator('[data-signer-status="signed"]').count()).toBe(index);
        expect(await card.locator(`[data-signer="${signer.role}"]`).getAttribute('data-signer-status')).toBe(
          'next',
        );
      }
      await card.getByRole('link').click();
      if (index === 0) {
        const waiver = await user.startAction('confirm-waiver');
        await user.submit(waiver);
        await user.waitForState('Awaiting signatures');
      }
      const approve = await user.startAction('approve');
      await user.submit(approve);
      await user.page
        .locator(`[data-testid="approval-chain"] [data-signer="${signer.role}"][data-signer-status="signed"]`)
        .waitFor();
      await user.close();
    }
    const view = await apiAs(
      server.baseUrl,
      serviceDirector,
      'GET',
      `/api/v1/goodwill-applications/${goodwillId}`,
    );
    expect(view.state).toBe('approved');
  }, 180_000);

  it('gives the auditor search, verification, export and the case as of any past moment', async () => {
    const user = await as(auditor);
    await user.go('#/audit');
    const search = user.page.getByTestId('audit-search');
    await search.getByLabel('Dealer').fill('D001');
    await search.getByRole('button', { name: 'Search' }).click();
    await user.page.locator(`[data-testid="audit-cases"] [data-case-id="${complaintId}"]`).waitFor();
    await user.page
      .locator(`[data-testid="audit-cases"] [data-case-id="${complaintId}"] [data-verification="ok"]`)
      .waitFor();
    await user.page
      .locator(`[data-testid="audit-cases"] [data-case-id="${goodwillId}"] [data-verification="ok"]`)
      .waitFor();
    expect(await user.page.locator('[data-verification="failed"]').count()).toBe(0);

    const [download] = await Promise.all([
      user.page.waitForEvent('download'),
      search.getByRole('button', { name: 'Export JSON Lines' }).click(),
    ]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    // The anchor that covers the export (docs/audit.md), then the complaint's events, the major complaint the
    // goodwill application settles (opened, one event), the waiver scan attached to the application (its
    // attachments stream, one event) and the goodwill application's events.
    expect(JSON.parse(lines[0]!)).toEqual({ anchor: expect.objectContaining({ covers: 'events' }) });
    expect(lines).toHaveLength(1 + COMPLAINT_EVENTS + 1 + 1 + 7);
    expect(JSON.parse(lines[1]!)).toEqual(
      expect.objectContaining({
        streamId: `complaint-${complaintId}`,
        revision: 0,
        metadata: expect.objectContaining({ hash: expect.any(String) }),
      }),
    );

    // The closed complaint, moved back to its first event: received, and no actions offered.
    await user.page.locator(`[data-testid="audit-cases"] [data-case-id="${complaintId}"] a`).click();
    await user.waitForState('Closed');
    const slider = user.page.getByRole('slider');
    await slider.focus();
    await user.page.keyboard.press('Home');
    await user.page.getByTestId('as-of-banner').waitFor();
    await user.waitForState('Received');
    expect(await user.page.locator('[data-testid="allowed-actions"]').count()).toBe(0);
    await user.page.getByRole('button', { name: 'Back to now' }).click();
    await user.waitForState('Closed');
    await user.close();
  }, 120_000);

  it('takes the screenshots of the main pages for the docs, in Chinese, and finds no serious accessibility problem on them', async () => {
    const handler = await as(cs, 'zh-CN');
    await apiAs(server.baseUrl, cs, 'POST', '/api/v1/complaints', complaintIntake({ channel: 'phone' }));
    await apiAs(server.baseUrl, cs, 'POST', '/api/v1/complaints', complaintIntake({ severity: 'major' }));
    await handler.go('#/work');
    await handler.page.locator('[data-testid="work-queue"] tr[data-case-id]').first().waitFor();
    await handler.page.screenshot({ path: join(SCREENSHOTS, 'work-queue.png') });
    await expectAccessible(handler.page, 'work-queue');
    await handler.go(`#/cases/complaints/${complaintId}`);
    await handler.page.locator('[data-testid="workflow-diagram"] svg').waitFor();
    await screenshotWholePage(handler.page, join(SCREENSHOTS, 'case-page.png'));
    await expectAccessible(handler.page, 'case-page');
    await handler.close();

    const signer = await as(GOODWILL_SIGNERS[1]!, 'zh-CN');
    const secondComplaint = await apiAs(
      server.baseUrl,
      cs,
      'POST',
      '/api/v1/complaints',
      complaintIntake({ severity: 'major' }),
    );
    const second = await apiAs(server.baseUrl, serviceDirector, 'POST', '/api/v1/goodwill-applications', {
      complaintId: String(secondComplaint.id),
      costLines: [{ kind: 'direct', description: '喷漆返工', amountCents: 380000 }],
      lossDescription: '喷漆色差返工',
      waiver: { signedAt: '2026-11-25T09:30:00Z', documentRef: 'WAIVER-2026-131' },
    });
    await attachAs(
      server.baseUrl,
      serviceDirector,
      `/api/v1/goodwill-applications/${String(second.id)}`,
      'waiver-scan',
    );
    await apiAs(
      server.baseUrl,
      GOODWILL_SIGNERS[0]!,
      'POST',
      `/api/v1/goodwill-applications/${String(second.id)}/actions/confirm-waiver`,
      {},
    );
    await apiAs(
      server.baseUrl,
      GOODWILL_SIGNERS[0]!,
      'POST',
      `/api/v1/goodwill-applications/${String(second.id)}/actions/approve`,
      {},
    );
    await signer.go('#/approvals');
    await signer.page.locator('[data-testid="approvals-inbox"] [data-case-id]').first().waitFor();
    await signer.page.screenshot({ path: join(SCREENSHOTS, 'approvals-inbox.png') });
    await expectAccessible(signer.page, 'approvals-inbox');
    await signer.close();

    const audit = await as(auditor, 'zh-CN');
    await audit.go('#/audit');
    await audit.page.locator('[data-testid="audit-cases"] [data-verification="ok"]').first().waitFor();
    await audit.page.screenshot({ path: join(SCREENSHOTS, 'audit.png') });
    await expectAccessible(audit.page, 'audit');
    await audit.go(`#/cases/complaints/${complaintId}`);
    await audit.page.getByRole('slider').focus();
    await audit.page.keyboard.press('ArrowLeft');
    await audit.page.keyboard.press('ArrowLeft');
    await audit.page.keyboard.press('ArrowLeft');
    await audit.page.getByTestId('as-of-banner').waitFor();
    await audit.page.locator('[data-testid="workflow-diagram"] svg').waitFor();
    await screenshotWholePage(audit.page, join(SCREENSHOTS, 'as-of.png'));
    await expectAccessible(audit.page, 'as-of');
    await audit.close();

    const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.getByTestId('sign-in-sub').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in.png') });
    await context.close();
  }, 120_000);
});

describeInBrowser('SLA dashboard in Chromium, with feedback clocks of three seconds', () => {
  let dataDir: string;
  let server: BuiltServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'aftersales-console-sla-'));
    server = await startBuiltServer(dataDir, {
      AUTH_DEV_TOKENS: 'true',
      SLA_COMPLAINT_FEEDBACK: 'PT3S',
      SLA_SWEEP_INTERVAL: 'PT1S',
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('charts compliance by dealer and kind and lists the breaches', async () => {
    // Per dealer: one complaint answered in time, one left until its feedback clock runs out.
    for (const dealerId of ['D001', 'D003']) {
      const staff = (sub: string, role: string): Person => ({
        sub: `${sub}.${dealerId}`,
        role,
        dealerId,
        regionId: 'R01',
      });
      for (const answered of [true, false]) {
        const created = await apiAs(
          server.baseUrl,
          staff('cs', 'customer_service'),
          'POST',
          '/api/v1/complaints',
          complaintIntake(),
        );
        const path = `/api/v1/complaints/${String(created.id)}/actions`;
        await apiAs(server.baseUrl, staff('cs', 'customer_service'), 'POST', `${path}/verify`, {
          findings: 'confirmed',
          problemClass: 'technical',
          judgement: 'defect',
        });
        await apiAs(server.baseUrl, staff('td', 'technical_director'), 'POST', `${path}/propose-resolution`, {
          cause: 'worn part',
          plan: 'replace',
          costHandling: { payer: 'dealer', amountCents: 50_000 },
        });
        await apiAs(
          server.baseUrl,
          staff('cs', 'customer_service'),
          'POST',
          `${path}/record-customer-reply`,
          { decision: 'accepted' },
        );
        // v3's feedback clock starts when the service advisor receives the internal repair order.
        await apiAs(server.baseUrl, staff('sa', 'service_advisor'), 'POST', `${path}/receive-repair-order`, {
          internalOrderRef: `IRO-${dealerId}-${String(answered)}`,
        });
        if (!answered) continue;
        await apiAs(server.baseUrl, staff('sa', 'service_advisor'), 'POST', `${path}/report-feedback`, {
          result: 'fixed',
        });
      }
    }
    const manager: Person = { sub: 'oem.rsm', role: 'regional_service_manager', regionId: 'R01' };
    for (let attempt = 0; attempt < 40; attempt++) {
      // The escalation that starts each take-over clock follows its breach asynchronously, so wait for both.
      const breached = await apiAs(server.baseUrl, manager, 'GET', '/api/v1/sla/deadlines?status=breached');
      const takeOvers = await apiAs(server.baseUrl, manager, 'GET', '/api/v1/sla/deadlines?kind=take-over');
      if ((breached.items as unknown[]).length >= 2 && (takeOvers.items as unknown[]).length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    for (const language of ['en', 'zh-CN'] as const) {
      const user = await ConsoleUser.signIn(browser, server.baseUrl, manager, { language });
      await user.go('#/sla');
      // One line per dealer, one per kind of deadline due in the charted span, which ends at tomorrow's
      // midnight where the user is: feedback, and take-over (each missed feedback clock moved its complaint
      // up to the service manager, whose eight-hour take-over clock started) unless that is due later.
      await user.page
        .locator('[data-testid="chart-by-dealer"] .recharts-line')
        .nth(1)
        .waitFor({ state: 'attached' });
      const spanEnd = await user.page.evaluate(() => {
        const now = new Date();
        return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).toISOString();
      });
      const deadlines = await apiAs(server.baseUrl, manager, 'GET', '/api/v1/sla/deadlines');
      const kindsInSpan = new Set(
        (deadlines.items as { kind: string; dueAt: string }[])
          .filter((row) => row.dueAt < spanEnd)
          .map((row) => row.kind),
      );
      expect(kindsInSpan).toContain('feedback');
      expect(await user.page.locator('[data-testid="chart-by-dealer"] .recharts-line').count()).toBe(2);
      expect(await user.page.locator('[data-testid="chart-by-kind"] .recharts-line').count()).toBe(
        kindsInSpan.size,
      );
      expect(await user.page.locator('[data-testid="sla-breaches"] tbody tr').count()).toBe(2);
      const totals = await user.page.locator('[data-testid="sla-totals"] tbody tr').allTextContents();
      expect(totals).toEqual([expect.stringContaining('50%'), expect.stringContaining('50%')]);
      if (language === 'zh-CN') {
        await screenshotWholePage(user.page, join(SCREENSHOTS, 'sla-dashboard.png'));
        await expectAccessible(user.page, 'sla-dashboard');
      }
      await user.close();
    }
  }, 120_000);
});

describeInBrowser('reports in Chromium', () => {
  let dataDir: string;
  let server: BuiltServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'aftersales-console-reports-'));
    server = await startBuiltServer(dataDir, { AUTH_DEV_TOKENS: 'true' });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('charts the follow-up calls per day and exports them as CSV with a byte order mark', async () => {
    // Three repairs at D001 five days ago: their calls are due in two days; one was made, satisfied.
    const advisor: Person = { sub: 'chen.sa', role: 'service_advisor', ...D001 };
    const repairedAt = new Date(Date.now() - 5 * 24 * 3600 * 1000).toISOString();
    const calls: string[] = [];
    for (const externalId of ['RO-1', 'RO-2', 'RO-3']) {
      const received = await apiAs(server.baseUrl, advisor, 'POST', '/api/v1/service-events', {
        externalId,
        kind: 'repair_completed',
        occurredAt: repairedAt,
        vehicle: { vin: 'LSVAU2180N2183294', model: 'Lavida' },
        customer: { name: '王建国', phone: '13800138000' },
      });
      calls.push(...(received.followUps as string[]));
    }
    await apiAs(server.baseUrl, cs, 'POST', `/api/v1/follow-ups/${calls[0]}/actions/complete`, {
      satisfaction: 'satisfied',
    });

    const user = await ConsoleUser.signIn(browser, server.baseUrl, cs, { language: 'zh-CN' });
    await user.go('#/reports');
    await user.page.locator('[data-testid="report-table"] tbody tr').first().waitFor();
    expect(await user.page.locator('[data-testid="report-table"] tbody tr').count()).toBe(1);
    expect(await user.page.locator('[data-testid="report-chart"] .recharts-bar').count()).toBe(4);
    const cells = await user.page.locator('[data-testid="report-table"] tbody tr td').allTextContents();
    // day, all, due 3, on time 1, late 0, missed 0, reached 1, not reached 0, cancelled 0, 33.3 %
    expect(cells.slice(1, 10)).toEqual(['全部', '3', '1', '0', '0', '1', '0', '0', '33.3']);
    expect(await untranslatedText(user.page, 'reports')).toEqual([]);
    await screenshotWholePage(user.page, join(SCREENSHOTS, 'reports.png'));
    await expectAccessible(user.page, 'reports');
    const [download] = await Promise.all([
      user.page.waitForEvent('download'),
      user.page.getByTestId('report-export-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe('follow-ups-daily.csv');
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toMatch(/^日期,全部,应回访,按时完成/);
    await user.close();
  }, 120_000);
});
