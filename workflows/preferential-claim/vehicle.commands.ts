import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDay, NormaliseVin, VIN, VIN_MESSAGE } from '../../libs/command-schema/index.js';
import { VEHICLE_USES } from '../warranty-claim/eligibility/vocabulary.js';

/**
 * The vehicle of a preferential claim, with the facts the warranty eligibility policies judge it by (as a
 * warranty claim's): a preferential claim is only for a vehicle those policies no longer cover [003].
 */
export class PreferentialVehicleDto {
  @ApiProperty({ example: 'LSVAU2180N2183294', description: '17 characters, no I, O or Q' })
  @NormaliseVin()
  @IsString()
  @Matches(VIN, { message: VIN_MESSAGE })
  vin!: string;
  @ApiPropertyOptional({ example: '沪A12345' }) @IsOptional() @IsString() @MaxLength(16) plate?: string;
  @ApiPropertyOptional({ example: 'Lavida' }) @IsOptional() @IsString() @MaxLength(64) model?: string;
  @ApiProperty({ enum: VEHICLE_USES }) @IsIn(VEHICLE_USES) use!: string;
  @ApiProperty({ example: '2020-01-06' }) @IsCalendarDay() invoiceDate!: string;
  @ApiPropertyOptional({ example: '2020-01-10' }) @IsOptional() @IsCalendarDay() registrationDate?: string;
  @ApiProperty({ example: 131_000, minimum: 0, maximum: 2_000_000 })
  @IsInt()
  @Min(0)
  @Max(2_000_000)
  mileageKm!: number;
}
