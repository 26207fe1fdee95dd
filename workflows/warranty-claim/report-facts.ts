import { REPORT_TOPICS, reportText, satisfactionAnswer, type ReportFacts } from '../../libs/kernel/index.js';
import { WarrantyClaimEvents } from './events.js';

const TOPIC = REPORT_TOPICS.warrantyCost;
const cents = (data: Readonly<Record<string, unknown>>, field: string): number =>
  typeof data[field] === 'number' ? data[field] : 0;

/**
 * What a warranty claim contributes to the reports: the warranty cost per region and vehicle (claimed labour
 * and parts when opened, the approved amount, rejections and payments) and the satisfaction of the OEM's
 * callback (seed 002 「长安福特再按经销商的维修内容回访客户」).
 */
export const warrantyClaimReportFacts: ReportFacts = {
  [WarrantyClaimEvents.opened]: (event) => [
    {
      topic: TOPIC,
      open: {
        at: event.occurredAt,
        dims: { vin: reportText(event.data, 'vehicle.vin'), model: reportText(event.data, 'vehicle.model') },
      },
      set: { claims: 1, claimedCents: cents(event.data, 'laborCents') + cents(event.data, 'partsCents') },
    },
  ],
  [WarrantyClaimEvents.approved]: (event) => [
    { topic: TOPIC, set: { approvedCents: cents(event.data, 'approvedCents') } },
  ],
  [WarrantyClaimEvents.rejected]: () => [{ topic: TOPIC, set: { rejected: 1 } }],
  [WarrantyClaimEvents.paid]: () => [{ topic: TOPIC, set: { paid: 1 } }],
  [WarrantyClaimEvents.callbackRecorded]: (event) =>
    satisfactionAnswer(event, 'oem-callback', reportText(event.data, 'satisfaction')),
};
