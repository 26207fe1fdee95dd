import { describe, expect, it } from '@jest/globals';
import { maskName, maskPhone, maskValue, seesPersonalData } from './personal-data.js';

describe('personal data as a masked reader sees it', () => {
  it('masks phones and names', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('021-55551234')).toBe('021*****1234');
    expect(maskName('王建国')).toBe('王**');
    expect(maskName('Li Lei')).toBe('L*****');
    expect(maskValue('13800138000')).toBe('138****8000');
    expect(maskValue('王建国')).toBe('王**');
  });

  it('shows them to customer-facing roles of the case’s own dealer only', () => {
    const owner = { dealerId: 'D001', regionId: 'R01' };
    expect(seesPersonalData({ id: 'a', roles: ['customer_service'], dealerId: 'D001' }, owner)).toBe(true);
    expect(seesPersonalData({ id: 'b', roles: ['oem_claims'] }, owner)).toBe(false);
    expect(seesPersonalData({ id: 'c', roles: ['auditor'] }, owner)).toBe(false);
    expect(seesPersonalData({ id: 'd', roles: ['privacy_officer'] }, owner)).toBe(false);
  });

  it('does not show another dealer’s customers to a token that also holds a national role', () => {
    const actor = { id: 'e', roles: ['customer_service', 'oem_claims'] as const, dealerId: 'D002' };
    expect(seesPersonalData({ ...actor, roles: [...actor.roles] }, { dealerId: 'D001' })).toBe(false);
    expect(seesPersonalData({ ...actor, roles: [...actor.roles] }, { dealerId: 'D002' })).toBe(true);
  });
});
