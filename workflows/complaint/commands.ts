import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CATEGORIES,
  CHANNELS,
  COST_PAYERS,
  CUSTOMER_CLASSES,
  JUDGEMENTS,
  PAUSABLE_DEADLINES,
  PAUSE_REASONS,
  PROBLEM_CLASSES,
  REPLY_DECISIONS,
  SATISFACTION_LEVELS,
  SENSITIVITIES,
  SEVERITIES,
} from './events.js';
import {
  CurrencyDto,
  IsDayOrInstant,
  MAX_AMOUNT_CENTS,
  NoPayloadDto,
  NormalisePhone,
  PHONE,
  PHONE_MESSAGE,
  ReasonDto,
  VehicleDto,
} from '../../libs/command-schema/index.js';

export class ComplaintCustomerDto {
  @ApiProperty({ example: '王建国', maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiProperty({ example: '13800138000', description: 'Mainland mobile, or landline with area code' })
  @NormalisePhone()
  @IsString()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone!: string;
  @ApiProperty({ enum: CUSTOMER_CLASSES }) @IsIn(CUSTOMER_CLASSES) class!: 'A' | 'B' | 'C';
  @ApiPropertyOptional({ enum: SENSITIVITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(SENSITIVITIES, { each: true })
  sensitive?: string[];
}

export class CreateComplaintDto {
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel!: string;
  @ApiProperty({ enum: CATEGORIES }) @IsIn(CATEGORIES) category!: string;
  @ApiProperty({ enum: SEVERITIES }) @IsIn(SEVERITIES) severity!: string;
  @ApiPropertyOptional({ description: 'A safety issue makes the complaint major' })
  @IsOptional()
  @IsBoolean()
  safety?: boolean;
  @ApiProperty({ type: ComplaintCustomerDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ComplaintCustomerDto)
  customer!: ComplaintCustomerDto;
  @ApiProperty({ type: VehicleDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => VehicleDto)
  vehicle!: VehicleDto;
  @ApiPropertyOptional({ example: 'RO-2026-0301-17' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  repairOrderId?: string;
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) description!: string;
}

export class VerifyComplaintDto {
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) findings!: string;
  @ApiProperty({
    enum: PROBLEM_CLASSES,
    description: 'parts → parts_manager, technical → technical_director, other → service_manager',
  })
  @IsIn(PROBLEM_CLASSES)
  problemClass!: string;
  @ApiPropertyOptional({
    enum: JUDGEMENTS,
    description:
      '不良 (defect: material or manufacturing), 不满 (dissatisfaction: meets the standard), 客户过失 (customer fault). Required on v3 complaints.',
  })
  @IsOptional()
  @IsIn(JUDGEMENTS)
  judgement?: string;
}

/** v3: who bears the cost agreed with the customer, and how much (处理维修费用等事宜). */
export class CostHandlingDto extends CurrencyDto {
  @ApiProperty({ enum: COST_PAYERS, description: 'Who bears the cost agreed with the customer' })
  @IsIn(COST_PAYERS)
  payer!: string;
  @ApiProperty({ example: 80_000, description: 'Minor units (fen)' })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_CENTS)
  amountCents!: number;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class ProposeResolutionDto {
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) cause!: string;
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) plan!: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Booked time to fix it (ISO-8601, with its offset)',
  })
  @IsOptional()
  @IsDayOrInstant()
  appointmentAt?: string;
  @ApiPropertyOptional({
    type: CostHandlingDto,
    description:
      "Who pays and how much; within the holder's authority (权限范围) unless the customer pays. Required on v3 complaints.",
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CostHandlingDto)
  costHandling?: CostHandlingDto;
}

export class RecordCustomerReplyDto {
  @ApiProperty({ enum: REPLY_DECISIONS }) @IsIn(REPLY_DECISIONS) decision!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class ReportFeedbackDto {
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) result!: string;
}

export class ConfirmSatisfactionDto {
  @ApiProperty() @IsBoolean() satisfied!: boolean;
}

export class RecordFollowUpDto {
  @ApiProperty({ enum: SATISFACTION_LEVELS }) @IsIn(SATISFACTION_LEVELS) satisfaction!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class DismissComplaintDto extends ReasonDto {
  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'What the customer was told (首问责任制). Required on v3 complaints.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  customerReply?: string;
}

export class CloseComplaintDto {
  @ApiPropertyOptional({ maxLength: 4000, description: 'Why it happened. Required on v3 complaints.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  rootCause?: string;
  @ApiPropertyOptional({
    maxLength: 4000,
    description: '预防问题重蹈覆辙: how it is kept from happening again. Required on v3 complaints.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  preventiveAction?: string;
}

/** v3: the service advisor has the internal repair order (《客户投诉内部维修委托书》). */
export class ReceiveRepairOrderDto {
  @ApiProperty({ example: 'IRO-2026-0302-04', description: '《客户投诉内部维修委托书》 reference' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  internalOrderRef!: string;
}

export class ResumeClockDto {
  @ApiProperty({ enum: PAUSABLE_DEADLINES }) @IsIn(PAUSABLE_DEADLINES) deadline!: string;
}

export class PauseClockDto extends ResumeClockDto {
  @ApiProperty({ enum: PAUSE_REASONS }) @IsIn(PAUSE_REASONS) reason!: string;
}

/**
 * Every complaint action reachable over HTTP and the body it takes (record-breach is the engine's own).
 * One schema per action name serves every version: a field only v3 requires is optional here and
 * required by v3's `check`, so v1 and v2 cases keep taking the bodies they always took.
 */
export const complaintActionDtos: Record<string, new () => object> = {
  verify: VerifyComplaintDto,
  dismiss: DismissComplaintDto,
  'approve-dismissal': NoPayloadDto,
  'refuse-dismissal': ReasonDto,
  'take-over': NoPayloadDto,
  'receive-repair-order': ReceiveRepairOrderDto,
  'pause-clock': PauseClockDto,
  'resume-clock': ResumeClockDto,
  'propose-resolution': ProposeResolutionDto,
  'record-customer-reply': RecordCustomerReplyDto,
  'report-feedback': ReportFeedbackDto,
  'confirm-satisfaction': ConfirmSatisfactionDto,
  'record-follow-up': RecordFollowUpDto,
  escalate: ReasonDto,
  close: CloseComplaintDto,
  reopen: ReasonDto,
};
