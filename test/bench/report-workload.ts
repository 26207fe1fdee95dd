import type { EventMetadata, RecordedEvent } from '../../libs/kernel/index.js';

const DEALERS = 50;
const DAYS = 365;
const START = Date.parse('2025-03-01T00:00:00.000Z');
const DAY_MS = 86_400_000;
const LEVELS = ['very_satisfied', 'satisfied', 'fairly_satisfied', 'neutral', 'dissatisfied'];

/**
 * A year of after-sales work for 50 dealers in 10 regions, one case at a time, until `events` events:
 * follow-up calls scheduled, attempted, completed or missed; complaints received and closed; warranty
 * claims opened and approved; goodwill applications. The reports bench projects a million of them; the
 * report-cells spec a few thousand, to compare every report with the sums of its rows.
 */
export function* reportWorkload(events: number): Generator<RecordedEvent[]> {
  let position = 0;
  const event = (
    caseType: string,
    caseId: string,
    revision: number,
    type: string,
    at: number,
    data: Record<string, unknown>,
    states: [string, string] = ['x', 'y'],
  ): RecordedEvent => {
    position += 1;
    const occurredAt = new Date(at).toISOString();
    return {
      eventId: `e${position}`,
      streamId: `${caseType}-${caseId}`,
      revision,
      position,
      type,
      data,
      recordedAt: occurredAt,
      metadata: {
        caseType,
        caseId,
        occurredAt,
        fromState: states[0],
        toState: states[1],
      } as unknown as EventMetadata as unknown as Record<string, unknown>,
    };
  };
  /** One case's events, about four of them, chosen by its number. */
  const caseEvents = (index: number): RecordedEvent[] => {
    const dealer = index % DEALERS;
    const owner = { dealerId: `D${String(dealer).padStart(3, '0')}`, regionId: `R${dealer % 10}` };
    const at = START + (index % DAYS) * DAY_MS + (index % 600) * 60_000;
    const id = `c${index}`;
    const vin = `LSVAU2180N${String(index % 50_000).padStart(7, '0')}`;
    switch (index % 4) {
      case 0:
      case 1: {
        const windowEndsAt = new Date(at + 7 * DAY_MS).toISOString();
        const trigger = index % 20 === 1 ? 'customer_lost' : 'repair_completed';
        const events = [
          event(
            'follow-up',
            id,
            0,
            'FollowUpScheduled',
            at,
            { ...owner, triggerKind: trigger, windowEndsAt },
            ['none', 'scheduled'],
          ),
          event('follow-up', id, 1, 'FollowUpAttemptRecorded', at + 4 * DAY_MS, { outcome: 'reached' }, [
            'scheduled',
            'reached',
          ]),
        ];
        if (index % 8 === 0)
          events.push(
            event('follow-up', id, 2, 'FollowUpWindowMissed', at + 7 * DAY_MS, {}, ['reached', 'missed']),
          );
        events.push(
          event(
            'follow-up',
            id,
            events.length,
            'FollowUpCompleted',
            at + 5 * DAY_MS,
            { satisfaction: LEVELS[index % LEVELS.length] },
            [index % 8 === 0 ? 'missed' : 'reached', 'completed'],
          ),
        );
        return events;
      }
      case 2:
        return [
          event('complaint', id, 0, 'ComplaintReceived', at, {
            ...owner,
            category: ['delay', 'repair_price', 'service_attitude'][index % 3],
            channel: ['phone', 'walk_in'][index % 2],
            vehicle: { vin },
          }),
          event('complaint', id, 1, 'ComplaintFollowUpRecorded', at + 3 * DAY_MS, {
            satisfaction: LEVELS[index % LEVELS.length],
          }),
          event('complaint', id, 2, 'ComplaintClosed', at + 4 * DAY_MS, {}),
        ];
      default:
        return index % 12 === 3
          ? [
              event('goodwill', id, 0, 'GoodwillApplicationSubmitted', at, {
                ...owner,
                amountCents: 500_000,
              }),
              event('goodwill', id, 1, 'GoodwillWaiverConfirmed', at + DAY_MS, {}),
            ]
          : [
              event('warranty-claim', id, 0, 'WarrantyClaimOpened', at, {
                ...owner,
                vehicle: { vin, model: ['Lavida', 'Sagitar', 'Tiguan'][index % 3] },
                laborCents: 60_000,
                partsCents: 240_000,
              }),
              event('warranty-claim', id, 1, 'WarrantyClaimApproved', at + 2 * DAY_MS, {
                approvedCents: 280_000,
              }),
              event('warranty-claim', id, 2, 'WarrantyClaimCallbackRecorded', at + 9 * DAY_MS, {
                satisfaction: LEVELS[index % LEVELS.length],
              }),
            ];
    }
  };

  for (let index = 0; position < events; index++) yield caseEvents(index);
}
