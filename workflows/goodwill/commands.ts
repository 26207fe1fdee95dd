import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CurrencyDto,
  IsDayOrInstant,
  MAX_AMOUNT_CENTS,
  NoPayloadDto,
  ReasonDto,
} from '../../libs/command-schema/index.js';
import { SettleDto, SignDto } from '../approvals/approval.commands.js';
import { COST_KINDS, type CostKind } from './events.js';

export class WaiverDto {
  @ApiProperty({
    example: '2026-03-01T10:00:00+08:00',
    format: 'date-time',
    description: 'When dealer and customer signed the liability waiver (免责协议), with its offset',
  })
  @IsDayOrInstant()
  signedAt!: string;
  @ApiProperty({ example: 'WV-2026-031' }) @IsString() @MinLength(1) @MaxLength(128) documentRef!: string;
}

/** One cost of the application: direct (payable) or consequential (recorded, never paid) [003]. */
export class CostLineDto {
  @ApiProperty({ enum: COST_KINDS, description: 'direct: payable; consequential: recorded, never paid' })
  @IsIn(COST_KINDS)
  kind!: CostKind;
  @ApiProperty({ example: 'towing to the dealer', maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  description!: string;
  @ApiProperty({ example: 80_000, description: 'Minor units (fen)' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_CENTS)
  amountCents!: number;
}

/** Who of the OEM's technical team confirmed the emergency on site, and when (「技术团队现场确认」 [003]). */
export class OnSiteConfirmationDto {
  @ApiProperty({ example: '曹工 (FTM, R01)', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  confirmedBy!: string;
  @ApiProperty({ example: '2026-03-01T09:30:00+08:00', format: 'date-time' })
  @IsDayOrInstant()
  confirmedAt!: string;
}

/** The dealer paid the customer for the OEM before applying (应急处理, 垫付 [003]). */
export class EmergencyAdvanceDto {
  @ApiProperty({
    example: '2026-03-01T15:00:00+08:00',
    format: 'date-time',
    description: 'When the dealer paid',
  })
  @IsDayOrInstant()
  paidAt!: string;
  @ApiProperty({ type: OnSiteConfirmationDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => OnSiteConfirmationDto)
  onSiteConfirmation!: OnSiteConfirmationDto;
}

export class CreateGoodwillApplicationDto extends CurrencyDto {
  @ApiProperty({ description: 'The major complaint this settles (「为了处理重大客户投诉」)' })
  @IsUUID()
  complaintId!: string;
  @ApiProperty({
    type: [CostLineDto],
    description: 'The costs claimed; only the direct ones are payable (the amount is their sum)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CostLineDto)
  costLines!: CostLineDto[];
  @ApiProperty({ maxLength: 4000, description: "The customer's direct losses (never consequential ones)" })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  lossDescription!: string;
  @ApiProperty({ type: WaiverDto, description: 'Signed before the dealer pays anything (免责协议)' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => WaiverDto)
  waiver!: WaiverDto;
  @ApiPropertyOptional({
    type: EmergencyAdvanceDto,
    description: 'The dealer already paid the customer (emergency), after the OEM confirmed on site',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EmergencyAdvanceDto)
  emergencyAdvance?: EmergencyAdvanceDto;
}

export class ResubmitGoodwillDto {
  @ApiPropertyOptional({ description: 'Versions 1 and 2 only: from v3 the amount is the direct cost lines' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_CENTS)
  amountCents?: number;
  @ApiPropertyOptional({ type: [CostLineDto], description: 'v3: the corrected cost lines, all of them' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CostLineDto)
  costLines?: CostLineDto[];
  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  lossDescription?: string;
}

export class SettlementMaterialDto {
  @ApiProperty({ example: ['invoice-2026-031.pdf', 'settlement-sheet.pdf'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  documents!: string[];
}

export const goodwillActionDtos: Record<string, new () => object> = {
  'confirm-waiver': NoPayloadDto,
  approve: SignDto,
  reject: ReasonDto,
  return: ReasonDto,
  resubmit: ResubmitGoodwillDto,
  'notify-regional-staff': NoPayloadDto,
  'request-settlement-material': NoPayloadDto,
  'submit-settlement-material': SettlementMaterialDto,
  settle: SettleDto,
};
