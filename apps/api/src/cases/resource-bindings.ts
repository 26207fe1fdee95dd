import { CreateComplaintDto, complaintActionDtos } from '../complaints/complaint.dto.js';
import { CreateGoodwillApplicationDto, goodwillActionDtos } from '../goodwill/goodwill.dto.js';
import {
  CreatePreferentialClaimDto,
  preferentialClaimActionDtos,
} from '../preferential-claims/preferential-claim.dto.js';
import { CreateWarrantyClaimDto, warrantyClaimActionDtos } from '../warranty/warranty.dto.js';
import type { ResourceBinding } from './resource-catalog.js';

/** The workflows exposed over HTTP and the DTO validating each action's body. */
export function defaultResourceBindings(): ResourceBinding[] {
  return [
    {
      resource: 'complaints',
      caseType: 'complaint',
      createDto: CreateComplaintDto,
      actionDtos: complaintActionDtos,
      summary:
        'Customer complaints at a dealer: receive, verify, route, resolve, feedback, follow-up, close.',
    },
    {
      resource: 'goodwill-applications',
      caseType: 'goodwill',
      createDto: CreateGoodwillApplicationDto,
      actionDtos: goodwillActionDtos,
      summary: 'Goodwill payments (善意补偿款): waiver, signatures in order, approval, archive, settlement.',
    },
    {
      resource: 'preferential-claims',
      caseType: 'preferential-claim',
      createDto: CreatePreferentialClaimDto,
      actionDtos: preferentialClaimActionDtos,
      summary:
        'Preferential claims (优惠索赔) for sensitive customers out of warranty with a quality problem.',
    },
    {
      resource: 'warranty-claims',
      caseType: 'warranty-claim',
      createDto: CreateWarrantyClaimDto,
      actionDtos: warrantyClaimActionDtos,
      summary:
        'Warranty claims (质量保修索赔): quality determination with eligibility, filing within 10 days, old parts, OEM decision, payment, callback.',
    },
  ];
}
