import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
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
import { CUSTOMER_SENSITIVITIES, FAULT_CAUSES } from './events.js';
import { CurrencyDto, MAX_AMOUNT_CENTS, NoPayloadDto, ReasonDto } from '../../libs/command-schema/index.js';
import { SettleDto, SignDto } from '../approvals/approval.commands.js';
import { PreferentialVehicleDto } from './vehicle.commands.js';

export class CreatePreferentialClaimDto extends CurrencyDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() complaintId?: string;
  @ApiProperty({ enum: CUSTOMER_SENSITIVITIES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsIn(CUSTOMER_SENSITIVITIES, { each: true })
  customerSensitivity!: string[];
  @ApiProperty({ type: PreferentialVehicleDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PreferentialVehicleDto)
  vehicle!: PreferentialVehicleDto;
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) faultDescription!: string;
  @ApiProperty({
    enum: FAULT_CAUSES,
    description: 'natural_disaster is refused: a natural disaster is never eligible for a preferential claim',
  })
  @IsIn(FAULT_CAUSES)
  cause!: string;
}

export class VerifyVehicleDto {
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) findings!: string;
}

export class QualityDecisionDto {
  @ApiProperty() @IsBoolean() qualityProblem!: boolean;
  @ApiProperty({ maxLength: 4000 }) @IsString() @MaxLength(4000) notes!: string;
}

/** The FSR's 「可办理」 decision (v3): claimable sends the form to the service director, else the claim ends. */
export class ClaimabilityDecisionDto {
  @ApiProperty() @IsBoolean() claimable!: boolean;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}

export class FillFormDto {
  @ApiProperty({ example: 800_000 }) @IsInt() @Min(1) @Max(MAX_AMOUNT_CENTS) amountCents!: number;
}

export class AuditDto {
  @ApiProperty() @IsBoolean() passed!: boolean;
  @ApiProperty({ maxLength: 4000 }) @IsString() @MaxLength(4000) notes!: string;
}

export const preferentialClaimActionDtos: Record<string, new () => object> = {
  'verify-vehicle': VerifyVehicleDto,
  'confirm-quality-problem': QualityDecisionDto,
  'confirm-claimable': ClaimabilityDecisionDto,
  'fill-form': FillFormDto,
  sign: SignDto,
  audit: AuditDto,
  process: NoPayloadDto,
  'notify-result': NoPayloadDto,
  settle: SettleDto,
  reject: ReasonDto,
};
