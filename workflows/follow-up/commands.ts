import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
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
} from 'class-validator';
import { IsInstant, NormaliseVin, VIN, VIN_MESSAGE } from '../../libs/command-schema/index.js';
import {
  CATEGORIES as COMPLAINT_CATEGORIES,
  SEVERITIES as COMPLAINT_SEVERITIES,
} from '../complaint/events.js';
import { ATTEMPT_OUTCOMES, CANCEL_REASONS, SATISFACTION_LEVELS } from './events.js';

const WINDOW_BOUND = /^P(?!$)(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?)?$/;

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
  @ApiProperty({ example: 'P3D' }) @Matches(WINDOW_BOUND) windowStart!: string;
  @ApiProperty({ example: 'P7D' }) @Matches(WINDOW_BOUND) windowEnd!: string;
  @ApiProperty() @IsInstant() windowStartsAt!: string;
  @ApiProperty() @IsInstant() windowEndsAt!: string;
  @ApiProperty({ minimum: 1, maximum: 10 }) @IsInt() @Min(1) @Max(10) maxAttempts!: number;
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1) planVersion!: number;
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
}

export class CancelFollowUpDto {
  @ApiProperty({ enum: CANCEL_REASONS }) @IsIn(CANCEL_REASONS) reason!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

/** What the engine records: the complaint opened for the follow-up (see docs/follow-ups.md). */
export class ComplaintOpenedDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() complaintId!: string;
}

export const followUpActionDtos: Record<string, new () => object> = {
  'record-attempt': RecordAttemptDto,
  complete: CompleteFollowUpDto,
  cancel: CancelFollowUpDto,
  'open-complaint': ComplaintOpenedDto,
};

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
