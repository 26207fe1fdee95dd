import { describe, expect, it } from '@jest/globals';
import { ForbiddenError, type Actor } from '../kernel/index.js';
import { DealerDirectory, InvalidDealerDirectoryError } from './dealer-directory.js';

const directory = DealerDirectory.fromJson({
  dealers: [
    { dealerId: 'D001', regionId: 'R01', name: 'East 1' },
    { dealerId: 'D002', regionId: 'R02' },
  ],
});
const dealerUser = (claims: Partial<Actor>): Actor => ({
  id: 'wang.cs',
  roles: ['customer_service'],
  ...claims,
});

describe('dealer directory: a dealer user acts in the region the directory gives their dealer', () => {
  it('given a token without a region, takes the region from the directory', () => {
    expect(directory.scope(dealerUser({ dealerId: 'D001' }))).toEqual(
      dealerUser({ dealerId: 'D001', regionId: 'R01' }),
    );
  });

  it('given a token that agrees with the directory, keeps it', () => {
    const actor = dealerUser({ dealerId: 'D002', regionId: 'R02' });
    expect(directory.scope(actor)).toBe(actor);
  });

  it('given a token that puts the dealer in another region, refuses it naming both regions', () => {
    expect(() => directory.scope(dealerUser({ dealerId: 'D001', regionId: 'R02' }))).toThrow(
      new ForbiddenError('The token puts dealer D001 in region R02, but the dealer directory puts it in R01'),
    );
  });

  it('given a dealer the directory does not list, refuses it', () => {
    expect(() => directory.scope(dealerUser({ dealerId: 'D999', regionId: 'R01' }))).toThrow(ForbiddenError);
  });

  it('leaves OEM staff (no dealer) as their token says', () => {
    const rsm: Actor = { id: 'guo.rsm', roles: ['regional_service_manager'], regionId: 'R07' };
    expect(directory.scope(rsm)).toBe(rsm);
  });
});

describe('dealer directory: validated when loaded', () => {
  const problemsOf = (json: unknown): readonly string[] => {
    try {
      DealerDirectory.fromJson(json);
      return [];
    } catch (error) {
      if (error instanceof InvalidDealerDirectoryError) return error.problems;
      throw error;
    }
  };

  it.each([
    [[], ['$: must be an object { "dealers": [ … ] }']],
    [{ dealers: [] }, ['$.dealers: must list at least one dealer']],
    [
      {
        dealers: [
          { dealerId: 'D001', regionId: 'R01' },
          { dealerId: 'D001', regionId: 'R02' },
        ],
      },
      ["$.dealers[1].dealerId: 'D001' is listed twice"],
    ],
    [
      { dealers: [{ dealerId: 'D 1', region: 'R01' }] },
      [
        '$.dealers[0].region: unknown field',
        "$.dealers[0].dealerId: must be 1 to 32 letters, digits, '_' or '-'",
        "$.dealers[0].regionId: must be 1 to 32 letters, digits, '_' or '-'",
      ],
    ],
  ])('refuses %j', (json, problems) => {
    expect(problemsOf(json)).toEqual(problems);
  });
});
