import { person, type GoldenScenario } from '../golden/golden-scenario.js';

/** The service-event paths every released version is pinned to (goldens under v<n>/golden/). */
const dealer = { dealerId: 'D001', regionId: 'R01' };
const advisor = person('service_advisor-1', ['service_advisor'], dealer);
const rep = person('oem_aftersales_rep-1', ['oem_aftersales_rep'], { regionId: 'R01' });

const repair = {
  externalId: 'DMS-RO-2026-0301-17',
  kind: 'repair_completed',
  occurredAt: '2026-03-02T17:00:00+08:00',
  vehicle: { vin: 'LSVAU2180N2183294', plate: '沪A12345', model: 'Lavida' },
  customer: { name: '王建国', phone: '13800138000', class: 'B' },
  mileageKm: 42_180,
  repairOrderId: 'RO-2026-0301-17',
};

/** Seed 004 「流失用户维护回访(3 个月未回站用户,月中完成)」: recorded by the sweep only, from version 2. */
const lost = {
  ...repair,
  externalId: 'lost:LSVAU2180N2183294:2025-12-01T09:00:00.000Z',
  kind: 'customer_lost',
};

export const serviceEventScenarios: readonly GoldenScenario[] = [
  {
    name: 'customer-lost-recorded-by-the-sweep-only',
    versions: [2],
    commands: [
      { action: 'create', actor: advisor, data: lost },
      { action: 'create', actor: person('system', ['system']), data: lost },
      { action: 'create', actor: person('system', ['system'], dealer), data: lost },
    ],
  },
  {
    name: 'repair-schedules-the-plans-calls',
    commands: [
      { action: 'create', actor: rep, data: repair },
      { action: 'create', actor: advisor, data: repair },
      { action: 'create', actor: advisor, data: repair },
    ],
  },
  {
    name: 'delivery-schedules-two-calls',
    commands: [
      {
        action: 'create',
        actor: advisor,
        data: { ...repair, externalId: 'DMS-DLV-7', kind: 'vehicle_delivered', repairOrderId: undefined },
      },
    ],
  },
];
