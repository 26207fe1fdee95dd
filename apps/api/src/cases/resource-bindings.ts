import { CreateComplaintDto, complaintActionDtos } from '../complaints/complaint.dto.js';
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
  ];
}
