import { randomUUID } from 'node:crypto';
import type { NewWebhookSubscription } from '../integrations/index.js';

/** A subscription as the API creates one, with what a test does not care about filled in. */
export function newSubscription(overrides: Partial<NewWebhookSubscription> = {}): NewWebhookSubscription {
  return {
    id: randomUUID(),
    url: 'http://127.0.0.1:9/unused',
    caseTypes: [],
    eventTypes: [],
    personalData: false,
    secret: 'a-secret-of-at-least-24-chars',
    createdAt: '2026-03-02T09:00:00.000Z',
    createdBy: 'zhou.integration',
    startPosition: 0,
    ...overrides,
  };
}
