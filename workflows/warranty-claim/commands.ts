import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
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
  CALLBACK_SATISFACTION,
  CUSTOMER_PAID_OUTCOMES,
  OLD_PART_DISPOSITIONS,
  WHOLE_VEHICLE_GROUNDS,
  WHOLE_VEHICLE_REMEDIES,
} from './events.js';
import {
  EXCLUSIONS,
  FAILURES,
  FAULT_SYSTEMS,
  PART_CLASSES,
  POWERTRAINS,
  SENSITIVITIES,
  VEHICLE_USES,
} from './eligibility/vocabulary.js';
import {
  CurrencyDto,
  IsCalendarDay,
  IsInstant,
  MAX_AMOUNT_CENTS,
  NoPayloadDto,
  NormaliseVin,
  ReasonDto,
  VIN,
  VIN_MESSAGE,
} from '../../libs/command-schema/index.js';
import { FAULT_CAUSES } from '../preferential-claim/events.js';

const KM = 3_000_000;

export class WarrantyVehicleDto {
  @ApiProperty({ example: 'LSVAU2180N2183294' })
  @NormaliseVin()
  @IsString()
  @Matches(VIN, { message: VIN_MESSAGE })
  vin!: string;
  @ApiProperty({ enum: VEHICLE_USES }) @IsIn(VEHICLE_USES) use!: string;
  @ApiPropertyOptional({ enum: POWERTRAINS })
  @IsOptional()
  @IsIn(POWERTRAINS)
  powertrain?: string;
  @ApiProperty({ example: '2025-09-01' }) @IsCalendarDay() invoiceDate!: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDay() deliveryDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDay() registrationDate?: string;
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
  @ApiPropertyOptional() @IsOptional() @IsCalendarDay() periodsRestartedAt?: string;
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
  @IsObject()
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
  @ApiPropertyOptional() @IsOptional() @IsCalendarDay() installedAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() boughtAtAuthorizedDealer?: boolean;
}

export class RepairDto {
  @ApiProperty() @IsCalendarDay() startedAt!: string;
  @ApiPropertyOptional() @IsOptional() @IsCalendarDay() completedAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(100_000) excludedHours?: number;
}

export class PastRepairDto {
  @ApiProperty({ enum: FAULT_SYSTEMS }) @IsIn(FAULT_SYSTEMS) system!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) problemKey?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() mainPart?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() assemblyReplaced?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(128) mainPartReplaced?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() seriousSafetyFailure?: boolean;
  @ApiProperty() @IsCalendarDay() startedAt!: string;
  @ApiProperty() @IsCalendarDay() completedAt!: string;
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
  @ApiPropertyOptional({ enum: SENSITIVITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(SENSITIVITIES.length)
  @IsIn(SENSITIVITIES, { each: true })
  sensitive?: string[];
}

/** `POST /api/v1/warranty/eligibility`: the facts of one fault (API.md). */
export class EligibilityRequestDto {
  @ApiProperty({ example: '2026-03-08', description: 'The day the fault is reported' })
  @IsCalendarDay()
  at!: string;
  @ApiProperty({ example: 180 }) @IsInt() @Min(0) @Max(KM) mileageKm!: number;
  @ApiProperty({ type: WarrantyVehicleDto })
  @IsObject()
  @ValidateNested()
  @Type(() => WarrantyVehicleDto)
  vehicle!: WarrantyVehicleDto;
  @ApiProperty({ type: FaultDto })
  @IsObject()
  @ValidateNested()
  @Type(() => FaultDto)
  fault!: FaultDto;
  @ApiPropertyOptional({ type: [EligibilityPartDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EligibilityPartDto)
  parts?: EligibilityPartDto[];
  @ApiPropertyOptional({ type: CustomerSensitivityDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomerSensitivityDto)
  customer?: CustomerSensitivityDto;
  @ApiPropertyOptional({ type: RepairDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => RepairDto)
  currentRepair?: RepairDto;
  @ApiPropertyOptional({ enum: EXCLUSIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(EXCLUSIONS.length)
  @IsIn(EXCLUSIONS, { each: true })
  exclusions?: string[];
  @ApiPropertyOptional({ type: HistoryDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HistoryDto)
  history?: HistoryDto;
}

export class ClaimPartDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) partNo!: string;
  @ApiProperty({ enum: PART_CLASSES }) @IsIn(PART_CLASSES) class!: string;
  @ApiProperty() @IsInt() @Min(1) @Max(1000) quantity!: number;
  @ApiPropertyOptional({ description: 'For a part with its own warranty: the day it was installed' })
  @IsOptional()
  @IsCalendarDay()
  installedAt?: string;
  @ApiPropertyOptional({ description: 'Bought (invoice) and installed at an authorized dealer' })
  @IsOptional()
  @IsBoolean()
  boughtAtAuthorizedDealer?: boolean;
  @ApiPropertyOptional({
    example: 240_000,
    description: 'v4: what the dealer claims for this line (required there; priced from the OEM price list)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_CENTS)
  claimedCents?: number;
}

/** v4: one labour line of the claim, an operation of the OEM's labour-time list. */
export class ClaimLabourDto {
  @ApiProperty({ example: 'TR-VB-01' }) @IsString() @MinLength(1) @MaxLength(64) operationCode!: string;
  @ApiProperty({ example: 60_000 }) @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) claimedCents!: number;
}

export class CreateWarrantyClaimDto extends CurrencyDto {
  @ApiProperty({ type: ClaimVehicleDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ClaimVehicleDto)
  vehicle!: ClaimVehicleDto;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) repairOrderId!: string;
  @ApiProperty({ type: ClaimFaultDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ClaimFaultDto)
  fault!: ClaimFaultDto;
  @ApiProperty({ type: [ClaimPartDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ClaimPartDto)
  parts!: ClaimPartDto[];
  @ApiProperty({ example: 60_000 }) @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) laborCents!: number;
  @ApiProperty({ example: 240_000 }) @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) partsCents!: number;
  @ApiProperty({ example: '2026-03-02T09:00:00Z', description: 'Starts the 10-day filing deadline' })
  @IsInstant()
  serviceCompletedAt!: string;
  @ApiPropertyOptional({
    example: '2026-02-27',
    description:
      'The day the customer reported the fault; eligibility is judged on it (else on the determination day)',
  })
  @IsOptional()
  @IsCalendarDay()
  faultReportedAt?: string;
  @ApiPropertyOptional({ enum: EXCLUSIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(EXCLUSIONS.length)
  @IsIn(EXCLUSIONS, { each: true })
  exclusions?: string[];
  @ApiPropertyOptional({
    type: [ClaimLabourDto],
    description: 'v4: the labour lines, by operation code (required there; v1–v3 ignore them)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ClaimLabourDto)
  labour?: ClaimLabourDto[];
  @ApiPropertyOptional({
    enum: SENSITIVITIES,
    isArray: true,
    description: 'v4: a sensitive customer out of warranty may be offered a preferential claim',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(SENSITIVITIES.length)
  @IsIn(SENSITIVITIES, { each: true })
  customerSensitivity?: string[];
}

/** v4: a whole-vehicle claim (整车索赔) asked for at the determination (seed 001). */
export class WholeVehicleRequestDto {
  @ApiProperty({ enum: WHOLE_VEHICLE_GROUNDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @ArrayMaxSize(WHOLE_VEHICLE_GROUNDS.length)
  @IsIn(WHOLE_VEHICLE_GROUNDS, { each: true })
  grounds!: string[];
  @ApiPropertyOptional({ description: '「车辆故障由重大产品质量缺陷引起」' })
  @IsOptional()
  @IsBoolean()
  majorQualityDefect?: boolean;
  @ApiPropertyOptional({
    example: '2026-03-01T10:00:00+08:00',
    description: 'When the customer took the vehicle',
  })
  @IsOptional()
  @IsInstant()
  deliveredAt?: string;
  @ApiPropertyOptional({ example: '2026-03-02T08:00:00+08:00' })
  @IsOptional()
  @IsInstant()
  majorFailureAt?: string;
  @ApiProperty({ description: '「车辆发生过交通事故」: the vehicle has ever had a traffic accident' })
  @IsBoolean()
  accidentHistory!: boolean;
}

export class DetermineQualityDto {
  @ApiProperty() @IsBoolean() qualityProblem!: boolean;
  @ApiProperty({ maxLength: 4000 }) @IsString() @MaxLength(4000) notes!: string;
  @ApiPropertyOptional({
    type: WholeVehicleRequestDto,
    description: 'v4: ask for a whole-vehicle claim instead of the labour + parts claim',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WholeVehicleRequestDto)
  wholeVehicle?: WholeVehicleRequestDto;
}

export class OldPartTagDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) partNo!: string;
  @ApiProperty({ example: 'WT-2026-000118' }) @IsString() @MinLength(1) @MaxLength(64) tag!: string;
}

export class ShipOldPartsDto {
  @ApiProperty({ example: 'SF1234567890' }) @IsString() @MinLength(1) @MaxLength(64) waybill!: string;
  @ApiPropertyOptional({
    type: [OldPartTagDto],
    description: 'v2: one tag per claimed part (required there; v1 ignores it)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OldPartTagDto)
  tags?: OldPartTagDto[];
}

export class InspectOldPartsDto {
  @ApiProperty({ description: 'The part caused the failure (「确认是零件原因引起的故障」)' })
  @IsBoolean()
  partCausedFailure!: boolean;
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) findings!: string;
  @ApiProperty({ enum: OLD_PART_DISPOSITIONS }) @IsIn(OLD_PART_DISPOSITIONS) disposition!: string;
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

export class ApproveWholeVehicleDto {
  @ApiProperty({ enum: WHOLE_VEHICLE_REMEDIES }) @IsIn(WHOLE_VEHICLE_REMEDIES) remedy!: string;
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) notes!: string;
}

export class CustomerPaidFollowUpDto {
  @ApiProperty({ enum: CUSTOMER_PAID_OUTCOMES }) @IsIn(CUSTOMER_PAID_OUTCOMES) paymentResolution!: string;
  @ApiProperty({ maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) notes!: string;
}

/** v4: the preferential claim opened for a not-eligible claim, linked (recorded by the open action). */
export class LinkPreferentialClaimDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() preferentialClaimId!: string;
}

/** What the service director adds to the preferential claim prefilled from the warranty claim. */
export class OpenPreferentialClaimRequestDto {
  @ApiProperty({ enum: FAULT_CAUSES }) @IsIn(FAULT_CAUSES) cause!: string;
  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  faultDescription?: string;
}

export const warrantyClaimActionDtos: Record<string, new () => object> = {
  'determine-quality': DetermineQualityDto,
  submit: NoPayloadDto,
  withdraw: ReasonDto,
  'ship-old-parts': ShipOldPartsDto,
  'receive-old-parts': NoPayloadDto,
  'inspect-old-parts': InspectOldPartsDto,
  approve: ApproveClaimDto,
  reject: ReasonDto,
  pay: PayClaimDto,
  'record-callback': CallbackDto,
  'approve-whole-vehicle': ApproveWholeVehicleDto,
  'follow-up-customer-paid': CustomerPaidFollowUpDto,
  'open-preferential-claim': LinkPreferentialClaimDto,
};
