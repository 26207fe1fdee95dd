/**
 * The dealer directory used when DEALER_DIRECTORY is not set: the dealers the dev sign-in, the docs and
 * the tests use. A real deployment points DEALER_DIRECTORY at its own list.
 */
export const BUNDLED_DEALER_DIRECTORY = {
  dealers: [
    { dealerId: 'D001', regionId: 'R01', name: 'Demo dealer 1 (East)' },
    { dealerId: 'D002', regionId: 'R02', name: 'Demo dealer 2 (South)' },
    { dealerId: 'D003', regionId: 'R01', name: 'Demo dealer 3 (East)' },
  ],
};
