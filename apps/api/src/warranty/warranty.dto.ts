import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
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
  CALLBACK_SATISFACTION,
  EXCLUSIONS,
  FAILURES,
  FAULT_SYSTEMS,
  PART_CLASSES,
  VEHICLE_USES,
} from '../../../../workflows/warranty-claim/events.js';
import { NoPayloadDto, ReasonDto, VIN, VIN_MESSAGE } from '../http/common.dto.js';
import { CurrencyDto, MAX_AMOUNT_CENTS } from '../http/money.dto.js';

const KM = 3_000_000;

export class WarrantyVehicleDto {
  @ApiProperty({ example: 'LSVAU2180N2183294' })
  @IsString()
  @Matches(VIN, { message: VIN_MESSAGE })
  vin!: string;
  @ApiProperty({ enum: VEHICLE_USES }) @IsIn(VEHICLE_USES) use!: string;
  @ApiPropertyOptional({ enum: ['ice', 'bev', 'phev'] })
  @IsOptional()
  @IsIn(['ice', 'bev', 'phev'])
  powertrain?: string;
  @ApiProperty({ example: '2025-09-01' }) @IsISO8601({ strict: true }) invoiceDate!: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) deliveryDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) registrationDate?: string;
  @ApiPropertyOptional({ enum: VEHICLE_USES, description: 'The use when sold, if it changed since' })
  @IsOptional()
  @IsIn(VEHICLE_USES)
  originalUse?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) priceCents?: number;
  @ApiPropertyOptional({ example: 0.005 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(0.05)
  usageCompensationRate?: number;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) periodsRestartedAt?: string;
}

export class ClaimVehicleDto extends WarrantyVehicleDto {
  @ApiProperty({ example: 12_000 }) @IsInt() @Min(0) @Max(KM) mileageKm!: number;
}

export class WearPartPeriodDto {
  @ApiProperty() @IsInt() @Min(0) @Max(240) months!: number;
  @ApiProperty() @IsInt() @Min(0) @Max(KM) km!: number;
}

export class FaultDto {
  @ApiProperty({ enum: FAULT_SYSTEMS }) @IsIn(FAULT_SYSTEMS) system!: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() mainPart?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() requiresReplacement?: boolean;
  @ApiPropertyOptional({ enum: FAILURES }) @IsOptional() @IsIn(FAILURES) failure?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() seriousSafetyFailure?: boolean;
  @ApiPropertyOptional({ enum: PART_CLASSES }) @IsOptional() @IsIn(PART_CLASSES) partClass?: string;
  @ApiPropertyOptional({ type: WearPartPeriodDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WearPartPeriodDto)
  wearPartPeriod?: WearPartPeriodDto;
  @ApiPropertyOptional({ description: 'Identifies the same problem across repairs' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  problemKey?: string;
}

export class ClaimFaultDto extends FaultDto {
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) description!: string;
}

export class EligibilityPartDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) partNo!: string;
  @ApiProperty({ enum: PART_CLASSES }) @IsIn(PART_CLASSES) class!: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) installedAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() boughtAtAuthorizedDealer?: boolean;
}

export class RepairDto {
  @ApiProperty() @IsISO8601({ strict: true }) startedAt!: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) completedAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(100_000) excludedHours?: number;
}

export class PastRepairDto {
  @ApiProperty({ enum: FAULT_SYSTEMS }) @IsIn(FAULT_SYSTEMS) system!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) problemKey?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() mainPart?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() assemblyReplaced?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) mainPartReplaced?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() seriousSafetyFailure?: boolean;
  @ApiProperty() @IsISO8601({ strict: true }) startedAt!: string;
  @ApiProperty() @IsISO8601({ strict: true }) completedAt!: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(100_000) excludedHours?: number;
}

export class HistoryDto {
  @ApiProperty({ type: [PastRepairDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PastRepairDto)
  repairs!: PastRepairDto[];
}

export class CustomerSensitivityDto {
  @ApiPropertyOptional({ enum: ['media', 'vip', 'key_account', 'demanding'], isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(['media', 'vip', 'key_account', 'demanding'], { each: true })
  sensitive?: string[];
}

/** `POST /api/v1/warranty/eligibility`: the facts of one fault (API.md). */
export class EligibilityRequestDto {
  @ApiProperty({ example: '2026-03-08', description: 'The day the fault is reported' })
  @IsISO8601({ strict: true })
  at!: string;
  @ApiProperty({ example: 180 }) @IsInt() @Min(0) @Max(KM) mileageKm!: number;
  @ApiProperty({ type: WarrantyVehicleDto })
  @ValidateNested()
  @Type(() => WarrantyVehicleDto)
  vehicle!: WarrantyVehicleDto;
  @ApiProperty({ type: FaultDto }) @ValidateNested() @Type(() => FaultDto) fault!: FaultDto;
  @ApiPropertyOptional({ type: [EligibilityPartDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EligibilityPartDto)
  parts?: EligibilityPartDto[];
  @ApiPropertyOptional({ type: CustomerSensitivityDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CustomerSensitivityDto)
  customer?: CustomerSensitivityDto;
  @ApiPropertyOptional({ type: RepairDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RepairDto)
  currentRepair?: RepairDto;
  @ApiPropertyOptional({ enum: EXCLUSIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @IsIn(EXCLUSIONS, { each: true })
  exclusions?: string[];
  @ApiPropertyOptional({ type: HistoryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => HistoryDto)
  history?: HistoryDto;
}

export class ClaimPartDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) partNo!: string;
  @ApiProperty({ enum: PART_CLASSES }) @IsIn(PART_CLASSES) class!: string;
  @ApiProperty() @IsInt() @Min(1) @Max(1000) quantity!: number;
}

export class CreateWarrantyClaimDto extends CurrencyDto {
  @ApiProperty({ type: ClaimVehicleDto })
  @ValidateNested()
  @Type(() => ClaimVehicleDto)
  vehicle!: ClaimVehicleDto;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) repairOrderId!: string;
  @ApiProperty({ type: ClaimFaultDto }) @ValidateNested() @Type(() => ClaimFaultDto) fault!: ClaimFaultDto;
  @ApiProperty({ type: [ClaimPartDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ClaimPartDto)
  parts!: ClaimPartDto[];
  @ApiProperty({ example: 60_000 }) @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) laborCents!: number;
  @ApiProperty({ example: 240_000 }) @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) partsCents!: number;
  @ApiProperty({ example: '2026-03-02T09:00:00Z' }) @IsISO8601({ strict: true }) serviceCompletedAt!: string;
  @ApiPropertyOptional({ enum: EXCLUSIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @IsIn(EXCLUSIONS, { each: true })
  exclusions?: string[];
}

export class DetermineQualityDto {
  @ApiProperty() @IsBoolean() qualityProblem!: boolean;
  @ApiProperty({ maxLength: 4000 }) @IsString() @MaxLength(4000) notes!: string;
}

export class ShipOldPartsDto {
  @ApiProperty({ example: 'SF1234567890' }) @IsString() @MinLength(1) @MaxLength(64) waybill!: string;
}

export class ApproveClaimDto {
  @ApiProperty({ example: 300_000 }) @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) approvedCents!: number;
}

export class PayClaimDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(128) reference!: string;
}

export class CallbackDto {
  @ApiProperty({ enum: CALLBACK_SATISFACTION }) @IsIn(CALLBACK_SATISFACTION) satisfaction!: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) courtesy?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) convenience?: string;
  @ApiProperty({ description: 'Whether the customer paid anything' }) @IsBoolean() customerPaid!: boolean;
}

export const warrantyClaimActionDtos: Record<string, new () => object> = {
  'determine-quality': DetermineQualityDto,
  submit: NoPayloadDto,
  withdraw: ReasonDto,
  'ship-old-parts': ShipOldPartsDto,
  'receive-old-parts': NoPayloadDto,
  approve: ApproveClaimDto,
  reject: ReasonDto,
  pay: PayClaimDto,
  'record-callback': CallbackDto,
};
