import { isPublicRoute } from './auth/public.decorator.js';
import type { AppConfig } from '../../../libs/config/index.js';
import { problem, type Problem } from './http/problem.js';
import type { RequestGateRules, RouteKey } from './http/request-gate.js';
import {
  DEV_TOKEN_BODY_LIMIT,
  DEV_TOKEN_ROUTE,
  DEV_TOKENS_DISABLED,
  devTokensEnabled,
} from './operations/dev-token.controller.js';
import { METRICS_OFF, METRICS_ROUTES } from './operations/metrics-access.js';
import { CSV_MEDIA_TYPE } from './http/csv-body.js';
import { SERVICE_EVENT_IMPORT_LIMIT, SERVICE_EVENT_IMPORT_ROUTE } from './follow-ups/service-event-import.js';
import { ATTACHMENT_UPLOAD_ROUTE } from './attachments/attachments.controller.js';

/** What the request gate refuses from the headers alone, for this configuration (docs/security.md#limits). */
export function requestGateRules(config: AppConfig): RequestGateRules {
  const disabled: [RouteKey, Problem][] = [];
  if (!devTokensEnabled(config)) {
    disabled.push([DEV_TOKEN_ROUTE, problem('forbidden', 'Forbidden', 403, { detail: DEV_TOKENS_DISABLED })]);
  }
  if (config.metrics.access === 'off')
    disabled.push(...METRICS_ROUTES.map((route) => [route, METRICS_OFF] as [RouteKey, Problem]));
  return {
    isPublic: isPublicRoute,
    disabledRoutes: new Map(disabled),
    bodyLimits: new Map<RouteKey, number>([
      [DEV_TOKEN_ROUTE, DEV_TOKEN_BODY_LIMIT],
      [SERVICE_EVENT_IMPORT_ROUTE, SERVICE_EVENT_IMPORT_LIMIT],
      [ATTACHMENT_UPLOAD_ROUTE, config.attachments.maxBytes],
    ]),
    extraMediaTypes: new Map([
      [SERVICE_EVENT_IMPORT_ROUTE, [CSV_MEDIA_TYPE]],
      [ATTACHMENT_UPLOAD_ROUTE, config.attachments.mediaTypes],
    ]),
  };
}
