import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { INSTANT_FORM, IsInstant } from '../../../../libs/command-schema/index.js';

/** An approver's absence: who acts for them and when (docs/approvals.md "Delegation"). */
export class DeclareDelegationDto {
  @ApiProperty({
    maxLength: 128,
    description: 'The delegate’s subject (token `sub`); not the declaring approver',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  delegateId!: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'The delegate’s name, for inboxes and the audit' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  delegateName?: string;

  @ApiProperty({
    description: `Start of the absence (inclusive): ${INSTANT_FORM}`,
    example: '2026-03-09T00:00:00Z',
  })
  @IsInstant()
  from!: string;

  @ApiProperty({
    description: `End of the absence (exclusive), after from, at most 90 days later, in the future: ${INSTANT_FORM}`,
    example: '2026-03-16T00:00:00Z',
  })
  @IsInstant()
  until!: string;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Annual leave' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class RevokeDelegationDto {
  @ApiPropertyOptional({ maxLength: 1000, example: 'Back early' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
