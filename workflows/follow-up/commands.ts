import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  IsInstant,
  NormalisePhone,
  NormaliseVin,
  PHONE,
  PHONE_MESSAGE,
  VIN,
  VIN_MESSAGE,
} from '../../libs/command-schema/index.js';
import {
  CATEGORIES as COMPLAINT_CATEGORIES,
  SEVERITIES as COMPLAINT_SEVERITIES,
} from '../complaint/events.js';
import { ATTEMPT_OUTCOMES, CANCEL_REASONS, REMINDER_RECEIPTS, SATISFACTION_LEVELS } from './events.js';
import { WINDOW_ANCHORS } from './plan.js';

const WINDOW_BOUND = /^P(?!$)(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?)?$/;
/** A recorded window bound: negative (`-P13D`) when the window counts back from a date. */
const RECORDED_BOUND = /^-?P(?!$)(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?)?$/;

/** Where an SMS or e-mail reminder goes: personal data, sealed on the follow-up (docs/follow-ups.md). */
export class ReminderRecipientDto {
  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional()
  @NormalisePhone()
  @IsString()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string;
  @ApiPropertyOptional({ example: 'wang.jianguo@example.cn' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

/** Scheduled from a service event by the plan (`POST /api/v1/service-events`), not typed by a person. */
export class ScheduleFollowUpDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() serviceEventId!: string;
  @ApiProperty({ example: 'repair_completed' }) @IsString() @MaxLength(32) triggerKind!: string;
  @ApiProperty({ example: '2026-03-02T09:00:00.000Z' }) @IsInstant() triggeredAt!: string;
  @ApiProperty({ minimum: 0 }) @IsInt() @Min(0) @Max(20) callIndex!: number;
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) purpose!: string;
  @ApiProperty({ example: 'LSVAU2180N2183294' })
  @NormaliseVin()
  @IsString()
  @Matches(VIN, { message: VIN_MESSAGE })
  vin!: string;
  @ApiProperty({ enum: ['phone', 'sms', 'email'] }) @IsIn(['phone', 'sms', 'email']) channel!: string;
  @ApiProperty({ example: 'P3D' }) @Matches(RECORDED_BOUND) windowStart!: string;
  @ApiProperty({ example: 'P7D' }) @Matches(RECORDED_BOUND) windowEnd!: string;
  @ApiProperty() @IsInstant() windowStartsAt!: string;
  @ApiProperty() @IsInstant() windowEndsAt!: string;
  @ApiProperty({ minimum: 1, maximum: 10 }) @IsInt() @Min(1) @Max(10) maxAttempts!: number;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) planVersion!: number;
  @ApiPropertyOptional({ enum: WINDOW_ANCHORS, description: 'The window counts back from this date' })
  @IsOptional()
  @IsIn(WINDOW_ANCHORS)
  before?: string;
  @ApiPropertyOptional({ description: 'The date the window counts back from' })
  @IsOptional()
  @IsInstant()
  anchorAt?: string;
  @ApiPropertyOptional({ example: 'P1D', description: 'How long a window counted back from a date is open' })
  @IsOptional()
  @Matches(WINDOW_BOUND)
  windowLength?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() recordsMileage?: boolean;
  @ApiPropertyOptional({ type: ReminderRecipientDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ReminderRecipientDto)
  recipient?: ReminderRecipientDto;
}

export class RecordAttemptDto {
  @ApiProperty({ enum: ATTEMPT_OUTCOMES }) @IsIn(ATTEMPT_OUTCOMES) outcome!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class CompleteFollowUpDto {
  @ApiProperty({ enum: SATISFACTION_LEVELS }) @IsIn(SATISFACTION_LEVELS) satisfaction!: string;
  @ApiPropertyOptional({
    description: 'The questions asked and what the customer answered',
    example: { 维修质量: '满意' },
  })
  @IsOptional()
  @IsObject()
  answers?: Record<string, string>;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 2_000_000,
    description: 'The current mileage the customer gave; required when the call records it (recordsMileage)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_000_000)
  mileageKm?: number;
}

export class CancelFollowUpDto {
  @ApiProperty({ enum: CANCEL_REASONS }) @IsIn(CANCEL_REASONS) reason!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

/** What the engine records: the complaint opened for the follow-up (see docs/follow-ups.md). */
export class ComplaintOpenedDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() complaintId!: string;
}

const MESSAGE_ID = /^[\x21-\x7e]{1,128}$/;

/** What the engine records from the gateway's answer about a reminder (sent, failed, replied). */
export class ReminderReceiptDto {
  @ApiProperty({ example: 'sms-20260602-000173', description: 'The gateway’s message id' })
  @IsString()
  @Matches(MESSAGE_ID, { message: 'messageId must be 1 to 128 visible ASCII characters' })
  messageId!: string;
  @ApiPropertyOptional({ maxLength: 500, example: 'number not in service' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
  @ApiPropertyOptional({ maxLength: 1000, description: 'What the customer answered (personal data)' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reply?: string;
}

export const followUpActionDtos: Record<string, new () => object> = {
  'record-attempt': RecordAttemptDto,
  complete: CompleteFollowUpDto,
  cancel: CancelFollowUpDto,
  'open-complaint': ComplaintOpenedDto,
  'record-reminder-sent': ReminderReceiptDto,
  'record-reminder-failed': ReminderReceiptDto,
  'record-reminder-replied': ReminderReceiptDto,
};

/**
 * `POST /api/v1/follow-ups/{id}/reminder-receipts`: the gateway's answer, signed with the secret of the
 * subscription it receives reminders through (docs/follow-ups.md "The gateway contract").
 */
export class ReminderReceiptRequestDto extends ReminderReceiptDto {
  @ApiProperty({ format: 'uuid', description: 'The gateway’s subscription; its secret signs the request' })
  @IsUUID()
  subscriptionId!: string;
  @ApiProperty({ enum: REMINDER_RECEIPTS }) @IsIn(REMINDER_RECEIPTS) status!: string;
}

/**
 * `POST /api/v1/follow-ups/{id}/actions/open-complaint`: what customer service adds to the complaint the
 * follow-up prefills (customer, vehicle and repair order come from the service event).
 */
export class OpenComplaintRequestDto {
  @ApiProperty({ enum: COMPLAINT_CATEGORIES }) @IsIn(COMPLAINT_CATEGORIES) category!: string;
  @ApiPropertyOptional({ enum: COMPLAINT_SEVERITIES, default: 'normal' })
  @IsOptional()
  @IsIn(COMPLAINT_SEVERITIES)
  severity?: string;
  @ApiPropertyOptional({ maxLength: 3000, description: 'What the customer said; prefilled when absent' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(3000)
  description?: string;
}
