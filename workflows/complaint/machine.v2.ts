import { createComplaintMachine } from './complaint-machine.js';

/**
 * Complaint lifecycle v2: as v1, and a VIP or key-account customer also makes the complaint major at
 * intake, so the service manager joins from the start (a changed escalation rule; running v1 cases keep v1).
 */
export const complaintMachineV2 = createComplaintMachine({ sensitivities: ['media', 'vip', 'key_account'] });
