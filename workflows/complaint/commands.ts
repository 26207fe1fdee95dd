import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CATEGORIES,
  CHANNELS,
  CUSTOMER_CLASSES,
  PROBLEM_CLASSES,
  REPLY_DECISIONS,
  SATISFACTION_LEVELS,
  SENSITIVITIES,
  SEVERITIES,
} from './events.js';
import {
  IsDayOrInstant,
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

/** Every complaint action reachable over HTTP and the body it takes (record-breach is the engine's own). */
export const complaintActionDtos: Record<string, new () => object> = {
  verify: VerifyComplaintDto,
  dismiss: ReasonDto,
  'propose-resolution': ProposeResolutionDto,
  'record-customer-reply': RecordCustomerReplyDto,
  'report-feedback': ReportFeedbackDto,
  'confirm-satisfaction': ConfirmSatisfactionDto,
  'record-follow-up': RecordFollowUpDto,
  escalate: ReasonDto,
  close: NoPayloadDto,
  reopen: ReasonDto,
};
