import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
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

export class CreateGoodwillApplicationDto extends CurrencyDto {
  @ApiPropertyOptional({ description: 'The complaint this settles' })
  @IsOptional()
  @IsUUID()
  complaintId?: string;
  @ApiProperty({ example: 1_500_000, description: 'Minor units (fen)' })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_CENTS)
  amountCents!: number;
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
  @ApiPropertyOptional({ description: 'The dealer already paid the customer (emergency)' })
  @IsOptional()
  @IsBoolean()
  emergencyAdvance?: boolean;
}

export class ResubmitGoodwillDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(MAX_AMOUNT_CENTS) amountCents?: number;
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
