import { describe, expect, it } from '@jest/globals';
import { maskCustomer, maskName, maskPhone, seesPersonalData } from './personal-data.js';

describe('personal data in list views', () => {
  it('masks phones and names', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('021-55551234')).toBe('021*****1234');
    expect(maskName('王建国')).toBe('王**');
    expect(maskName('Li Lei')).toBe('L*****');
    expect(
      maskCustomer({ customer: { name: '王建国', phone: '13800138000', class: 'A' }, other: 1 }),
    ).toEqual({
      customer: { name: '王**', phone: '138****8000', class: 'A' },
      other: 1,
    });
  });

  it('shows them to customer-facing roles only', () => {
    expect(seesPersonalData({ id: 'a', roles: ['customer_service'] })).toBe(true);
    expect(seesPersonalData({ id: 'b', roles: ['oem_claims'] })).toBe(false);
    expect(seesPersonalData({ id: 'c', roles: ['auditor'] })).toBe(false);
  });
});
