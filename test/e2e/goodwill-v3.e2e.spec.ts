import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FixedClock } from '../../libs/kernel/index.js';
import { attachDocument } from './attachment-fixtures.js';
import { complaintIntake, customerService, foreignCustomerService } from './complaint-fixtures.js';
import { EngineUnderTest, type Caller } from './engine-under-test.js';
import {
  DIRECT_COSTS_CENTS,
  goodwillApplication,
  goodwillChain,
  majorComplaint,
} from './goodwill-fixtures.js';

interface Problem {
  type: string;
  status: number;
  errors: { field: string; reason: string; code?: string }[];
}
interface View {
  id: string;
  state: string;
  machineVersion: number;
  data: Record<string, unknown>;
}

const { director, rep, rsm, oemGm, liability, leadership, regionalStaff } = goodwillChain;
const auditor: Caller = { sub: 'deng.audit', roles: ['auditor'] };
const consequentialOnly = [{ kind: 'consequential', description: 'lost business', amountCents: 500_000 }];

/**
 * Goodwill v3 over HTTP on the real store (seed 003). The engine's clock stands at 2026-03-02T09:00Z: the
 * only "now" the workflow knows.
 */
describe('goodwill v3: major complaints, direct costs only, the waiver before the advance', () => {
  let engine: EngineUnderTest;
  beforeAll(async () => {
    engine = await EngineUnderTest.start();
  });
  afterAll(async () => {
    await engine.stop();
  });

  const apply = (body: Record<string, unknown>) =>
    engine.request<View & Problem>('POST', '/api/v1/goodwill-applications', { caller: director, body });
  const act = async (id: string, caller: Caller, action: string, body: unknown = {}) => {
    const result = await engine.request<View & Problem>(
      'POST',
      `/api/v1/goodwill-applications/${id}/actions/${action}`,
      { caller, body },
    );
    return result;
  };
  /** The request is refused with `status`, problem+json naming `field` with `code`, and nothing is stored. */
  const refusedNamed = async (
    attempt: () => Promise<{ status: number; body: Problem; headers: Headers }>,
    status: number,
    field: string,
    code?: string,
  ): Promise<Problem> => {
    const before = await engine.runtime.store.headPosition();
    const result = await attempt();
    expect({ status: result.status, errors: result.body.errors }).toEqual({
      status,
      errors: [expect.objectContaining(code === undefined ? { field } : { field, code })],
    });
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(await engine.runtime.store.headPosition()).toBe(before);
    return result.body;
  };

  describe('「善意补偿款是汽车生产企业为了处理重大客户投诉而提供的相关费用」', () => {
    it('opens an application for a major complaint of the dealer on version 3, recording what it saw of the complaint', async () => {
      const complaintId = await majorComplaint(engine);
      const created = await apply(goodwillApplication(complaintId));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        machineVersion: 3,
        state: 'awaiting_waiver_confirmation',
        data: { complaintId, complaintMajor: true },
      });
      const history = await engine.request<{ events: { data: Record<string, unknown> }[] }>(
        'GET',
        `/api/v1/goodwill-applications/${created.body.id}/history`,
        { caller: director },
      );
      expect(history.body.events[0]!.data).toMatchObject({
        referencedCases: { complaintId: { major: true } },
      });
      const verification = await engine.request<{ ok: boolean }>(
        'GET',
        `/api/v1/goodwill-applications/${created.body.id}/verification`,
        { caller: auditor },
      );
      expect(verification.body.ok).toBe(true);
    });

    it('refuses a complaint that is not major with 422 naming the rule', async () => {
      const normal = await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
        caller: customerService,
        body: complaintIntake(),
      });
      const problem = await refusedNamed(
        () => apply(goodwillApplication(normal.body.id)),
        422,
        'complaintId',
        'complaint_not_major',
      );
      expect(problem.type).toMatch(/refused-by-rule$/);
      expect(problem.errors[0]!.reason).toContain('goodwill-major-complaint');
    });

    it("refuses no complaint (400 required) and another dealer's major complaint (400 not_found, never whether it is major)", async () => {
      const { complaintId: _none, ...withoutComplaint } = goodwillApplication('x');
      await refusedNamed(() => apply(withoutComplaint), 400, 'complaintId', 'required');
      const foreign = await majorComplaint(engine, foreignCustomerService);
      await refusedNamed(() => apply(goodwillApplication(foreign)), 400, 'complaintId', 'not_found');
    });
  });

  describe('「赔偿客户损失及诉讼等发生的直接费用,但不包括连带费用」', () => {
    it('signs, approves and pays the direct lines only; the consequential ones stay on the record', async () => {
      const created = await apply(goodwillApplication(await majorComplaint(engine)));
      expect(created.body.data).toMatchObject({
        amountCents: DIRECT_COSTS_CENTS,
        consequentialAmountCents: 500_000,
      });
      const id = created.body.id;
      // 「签订的协议需要有汽车生产企业的相关人员确认」: the rep confirms on the waiver's scan, so it comes first.
      const missingScan = await refusedNamed(
        () => act(id, rep, 'confirm-waiver'),
        422,
        'attachments',
        'document_required',
      );
      expect(missingScan).toMatchObject({ missingDocuments: ['waiver-scan'] });
      await attachDocument(engine, director, 'goodwill-applications', id, 'waiver-scan');
      for (const [caller, action] of [
        [rep, 'confirm-waiver'],
        [rep, 'approve'],
        [rsm, 'approve'],
        [oemGm, 'approve'],
        [liability, 'approve'],
        [leadership, 'approve'],
        [liability, 'notify-regional-staff'],
        [regionalStaff, 'request-settlement-material'],
      ] as const)
        expect({ action, status: (await act(id, caller, action)).status }).toEqual({ action, status: 200 });
      const material = await act(id, director, 'submit-settlement-material', { documents: ['invoices.pdf'] });
      expect(material.body.data).toMatchObject({ approvedAmountCents: DIRECT_COSTS_CENTS });
      await refusedNamed(
        () =>
          act(id, liability, 'settle', { paidAmountCents: DIRECT_COSTS_CENTS + 500_000, reference: 'PAY-1' }),
        400,
        'paidAmountCents',
      );
      // 「准备相关材料(发票、结算单、判决书等)」 before 「产品责任部负责进行善意补偿款的结算」.
      const missingSheet = await refusedNamed(
        () => act(id, liability, 'settle', { paidAmountCents: DIRECT_COSTS_CENTS, reference: 'PAY-1' }),
        422,
        'attachments',
        'document_required',
      );
      expect(missingSheet).toMatchObject({ missingDocuments: ['settlement-sheet'] });
      await attachDocument(engine, director, 'goodwill-applications', id, 'settlement-sheet');
      const settled = await act(id, liability, 'settle', {
        paidAmountCents: DIRECT_COSTS_CENTS,
        reference: 'PAY-1',
      });
      expect(settled.body).toMatchObject({ state: 'settled', data: { paidAmountCents: DIRECT_COSTS_CENTS } });
    });

    it('refuses an application with nothing direct (422 naming costLines) and an amount of its own (400)', async () => {
      const complaintId = await majorComplaint(engine);
      await refusedNamed(
        () => apply(goodwillApplication(complaintId, { costLines: consequentialOnly })),
        422,
        'costLines',
        'no_direct_cost',
      );
      await refusedNamed(
        () => apply(goodwillApplication(complaintId, { amountCents: 1_500_000 })),
        400,
        'amountCents',
        'unknown_field',
      );
    });

    it('refuses a cost line without a kind or of another kind (400 naming the line’s field)', async () => {
      const complaintId = await majorComplaint(engine);
      const before = await engine.runtime.store.headPosition();
      const result = await apply(
        goodwillApplication(complaintId, {
          costLines: [{ kind: 'indirect', description: 'x', amountCents: 1 }],
        }),
      );
      expect(result.status).toBe(400);
      expect(result.body.errors.map((error) => error.field)).toContain('costLines.0.kind');
      expect(await engine.runtime.store.headPosition()).toBe(before);
    });

    it('a returned application is corrected with new lines; the payable amount follows the direct ones', async () => {
      const id = (await apply(goodwillApplication(await majorComplaint(engine)))).body.id;
      await act(id, rep, 'return', { reason: 'the rental invoice covers 8 days' });
      await refusedNamed(
        () => act(id, director, 'resubmit', { costLines: consequentialOnly }),
        422,
        'costLines',
        'no_direct_cost',
      );
      const resubmitted = await act(id, director, 'resubmit', {
        costLines: [
          { kind: 'direct', description: 'rental car, 8 days', amountCents: 960_000 },
          ...consequentialOnly,
        ],
      });
      expect(resubmitted.body).toMatchObject({
        state: 'awaiting_waiver_confirmation',
        data: { amountCents: 960_000, consequentialAmountCents: 500_000, round: 2 },
      });
    });
  });

  describe('「由汽车生产企业的技术团队现场确认后…垫付」, 「经销商在垫付善意补偿款前与客户签订免责协议」', () => {
    it('records the OEM’s on-site confirmation of an emergency advance: who and when', async () => {
      const created = await apply(goodwillApplication(await majorComplaint(engine)));
      expect(created.body.data).toMatchObject({
        emergencyAdvance: true,
        advance: {
          paidAt: '2026-03-01T15:00:00+08:00',
          onSiteConfirmation: { confirmedBy: '曹工 (FTM, R01)', confirmedAt: '2026-03-01T09:30:00+08:00' },
        },
      });
    });

    it('refuses a waiver signed after the advance, and an on-site confirmation after it (422 naming the field)', async () => {
      const complaintId = await majorComplaint(engine);
      await refusedNamed(
        () =>
          apply(
            goodwillApplication(complaintId, {
              waiver: { signedAt: '2026-03-01T18:00:00+08:00', documentRef: 'WV-1' },
            }),
          ),
        422,
        'waiver.signedAt',
        'waiver_after_advance',
      );
      await refusedNamed(
        () =>
          apply(
            goodwillApplication(complaintId, {
              emergencyAdvance: {
                paidAt: '2026-03-01T15:00:00+08:00',
                onSiteConfirmation: { confirmedBy: '曹工', confirmedAt: '2026-03-01T16:00:00+08:00' },
              },
            }),
          ),
        422,
        'emergencyAdvance.onSiteConfirmation.confirmedAt',
        'confirmed_after_advance',
      );
    });

    it('refuses a waiver dated after the engine’s clock (400 naming waiver.signedAt); once the clock passes it, the same date is taken', async () => {
      const complaintId = await majorComplaint(engine);
      const tomorrow = goodwillApplication(complaintId, {
        waiver: { signedAt: '2026-03-03', documentRef: 'WV-1' },
        emergencyAdvance: undefined,
      });
      await refusedNamed(() => apply(tomorrow), 400, 'waiver.signedAt', 'in_future');
      // The last test of the file: the clock only moves forward.
      (engine.clock as FixedClock).advance(24 * 60 * 60 * 1000);
      expect((await apply(tomorrow)).status).toBe(201);
    });
  });
});
