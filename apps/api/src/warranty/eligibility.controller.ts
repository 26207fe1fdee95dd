import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  EligibilityDecision,
  EligibilityRequest,
} from '../../../../workflows/warranty-claim/eligibility/eligibility-request.js';
import { evaluateEligibility } from '../../../../workflows/warranty-claim/eligibility/evaluate-eligibility.js';
import type { PolicySet } from '../../../../workflows/warranty-claim/eligibility/policy.js';
import { WARRANTY_POLICIES } from './warranty-policies.js';
import { EligibilityRequestDto } from '../../../../workflows/warranty-claim/commands.js';

/** Pure evaluation with the policies in force: stores nothing. The same function decides `determine-quality`. */
@ApiTags('warranty')
@ApiBearerAuth()
@Controller('api/v1/warranty')
export class EligibilityController {
  constructor(@Inject(WARRANTY_POLICIES) private readonly policies: PolicySet) {}

  @Post('eligibility')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Which warranty, three-guarantees or preferential remedies apply to this fault, and why',
  })
  eligibility(@Body() body: EligibilityRequestDto): EligibilityDecision {
    return evaluateEligibility(this.policies, JSON.parse(JSON.stringify(body)) as EligibilityRequest);
  }
}
