import type { Caller } from './engine-under-test.js';

export const dealerStaff = (
  sub: string,
  role: Caller['roles'][number],
  dealerId = 'D001',
  regionId = 'R01',
): Caller => ({
  sub,
  name: sub,
  roles: [role],
  dealerId,
  regionId,
});

export const reception = dealerStaff('li.reception', 'reception');
export const customerService = dealerStaff('wang.cs', 'customer_service');
export const otherCustomerService = dealerStaff('zhao.cs', 'customer_service');
export const serviceAdvisor = dealerStaff('chen.sa', 'service_advisor');
export const technicalDirector = dealerStaff('sun.td', 'technical_director');
export const partsManager = dealerStaff('zhou.pm', 'parts_manager');
export const serviceManager = dealerStaff('wu.sm', 'service_manager');
export const generalManager = dealerStaff('zheng.gm', 'general_manager');
export const foreignCustomerService = dealerStaff('qian.cs', 'customer_service', 'D002', 'R02');

/** A normal walk-in complaint about a repair that did not fix the fault. */
export function complaintIntake(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'walk_in',
    category: 'repair_technique',
    severity: 'normal',
    customer: { name: '王建国', phone: '13800138000', class: 'B', sensitive: [] },
    vehicle: {
      vin: 'LSVAU2180N2183294',
      plate: '沪A12345',
      model: 'Lavida',
      mileageKm: 23150,
      invoiceDate: '2024-05-18',
    },
    repairOrderId: 'RO-2026-0301-17',
    description: '发动机异响，上周维修后仍未解决 (engine noise persists after last week’s repair)',
    ...overrides,
  };
}

export const auditorNational: Caller = { sub: 'audit.zhang', name: 'audit.zhang', roles: ['auditor'] };
