/**
 * A claim for a transmission repair under warranty (labour 600 CNY, parts 2,400 CNY), serviced at the given time;
 * its lines priced at the OEM price list's amounts, as v4 requires.
 */
export const warrantyClaimBody = (serviceCompletedAt: string) => ({
  vehicle: { vin: 'LSVAU2180N2183294', use: 'private', invoiceDate: '2025-09-01', mileageKm: 12_000 },
  repairOrderId: 'RO-2026-0302-05',
  fault: { system: 'transmission', description: 'harsh 2-3 shift', partClass: 'base' },
  labour: [{ operationCode: 'TR-VB-01', claimedCents: 60_000 }],
  parts: [{ partNo: '0AM-325-065', class: 'base', quantity: 1, claimedCents: 240_000 }],
  laborCents: 60_000,
  partsCents: 240_000,
  serviceCompletedAt,
});
