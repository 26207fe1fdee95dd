import type { DynamicModule } from '@nestjs/common';
import { AttachmentsController } from './attachments/attachments.controller.js';
import { AuditController } from './audit/audit.controller.js';
import { CustomersController } from './customers/customers.controller.js';
import { FollowUpComplaintController } from './follow-ups/follow-up-complaint.controller.js';
import { ReminderReceiptsController } from './follow-ups/reminder-receipts.controller.js';
import { ServiceEventsController } from './follow-ups/service-events.controller.js';
import { DelegationsController } from './delegations/delegations.controller.js';
import { PersonalDataController } from './personal-data/personal-data.controller.js';
import { ReportsController } from './reports/reports.controller.js';
import { SlaController } from './sla/sla.controller.js';
import { SubscriptionsController } from './integrations/subscriptions.controller.js';
import { EligibilityController } from './warranty/eligibility.controller.js';
import { WarrantyPreferentialClaimController } from './warranty/warranty-preferential-claim.controller.js';
import { WorkflowsController } from './workflows/workflows.controller.js';

/** Controllers of the bounded contexts beside the generic case routes (SLA, audit, warranty eligibility, workflow descriptions). */
export const extraControllers: NonNullable<DynamicModule['controllers']> = [
  AttachmentsController,
  AuditController,
  DelegationsController,
  PersonalDataController,
  SlaController,
  ReportsController,
  SubscriptionsController,
  EligibilityController,
  WorkflowsController,
  ServiceEventsController,
  FollowUpComplaintController,
  ReminderReceiptsController,
  WarrantyPreferentialClaimController,
  CustomersController,
];
