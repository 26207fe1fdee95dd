import { createComplaintMachine } from './complaint-machine.js';

/**
 * Complaint lifecycle v1: a complaint is major at intake when its severity is major, it is a safety issue,
 * an authority referred it, or the customer is media-sensitive.
 */
export const complaintMachineV1 = createComplaintMachine({ sensitivities: ['media'] });
