import { complaintIntake, customerService } from './complaint-fixtures.js';
import type { Caller, EngineUnderTest } from './engine-under-test.js';

/**
 * A major complaint (severity major) of the caller's dealer, as goodwill v3 requires (「为了处理重大客户投诉」,
 * seed 003); its id. Opened by that dealer's customer service.
 */
export async function majorComplaint(
  engine: EngineUnderTest,
  caller: Caller = customerService,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const opened = await engine.request<{ id: string }>('POST', '/api/v1/complaints', {
    caller,
    body: complaintIntake({ severity: 'major', ...overrides }),
  });
  if (opened.status !== 201)
    throw new Error(`complaint not opened: ${opened.status} ${JSON.stringify(opened.body)}`);
  return opened.body.id;
}

/** Payable: the direct lines add up to 1,500,000 fen. */
export const DIRECT_COSTS_CENTS = 1_500_000;

/**
 * A goodwill application (v3) for `complaintId`: direct lines (payable, 1,500,000 fen in all) and one
 * consequential line (recorded, never paid); the waiver signed after the OEM's on-site confirmation and
 * before the dealer's emergency advance.
 */
export function goodwillApplication(
  complaintId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    complaintId,
    costLines: [
      { kind: 'direct', description: 'towing to the dealer', amountCents: 300_000 },
      { kind: 'direct', description: 'rental car, 10 days', amountCents: 1_200_000 },
      { kind: 'consequential', description: "the customer's lost business", amountCents: 500_000 },
    ],
    lossDescription: 'towing and a rental car after the engine failed twice',
    waiver: { signedAt: '2026-03-01T10:00:00+08:00', documentRef: 'WV-2026-031' },
    emergencyAdvance: {
      paidAt: '2026-03-01T15:00:00+08:00',
      onSiteConfirmation: { confirmedBy: '曹工 (FTM, R01)', confirmedAt: '2026-03-01T09:30:00+08:00' },
    },
    ...overrides,
  };
}

/** The applicant and the goodwill chain of dealer D001 in region R01 (seed 003 steps 3–4). */
export const goodwillChain = {
  director: { sub: 'he.director', roles: ['service_director'], dealerId: 'D001', regionId: 'R01' },
  rep: { sub: 'lin.rep', roles: ['oem_aftersales_rep'], regionId: 'R01' },
  rsm: { sub: 'guo.rsm', roles: ['regional_service_manager'], regionId: 'R01' },
  oemGm: { sub: 'ma.gm', roles: ['oem_general_manager'] },
  liability: { sub: 'xu.pl', roles: ['product_liability'] },
  leadership: { sub: 'yang.vp', roles: ['oem_leadership'] },
  regionalStaff: { sub: 'tang.rs', roles: ['regional_service_staff'], regionId: 'R01' },
} satisfies Record<string, Caller>;
