import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { VIN, VIN_MESSAGE } from './common.dto.js';
import { IsCalendarDay } from './date-time.js';
import { NormaliseVin } from './normalise.js';

/** The vehicle a case is about, as a dealer's repair order names it. */
export class VehicleDto {
  @ApiProperty({ example: 'LSVAU2180N2183294', description: '17 characters, no I, O or Q' })
  @NormaliseVin()
  @IsString()
  @Matches(VIN, { message: VIN_MESSAGE })
  vin!: string;
  @ApiPropertyOptional({ example: '沪A12345' }) @IsOptional() @IsString() @MaxLength(16) plate?: string;
  @ApiPropertyOptional({ example: 'Lavida' }) @IsOptional() @IsString() @MaxLength(64) model?: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 2_000_000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_000_000)
  mileageKm?: number;
  @ApiPropertyOptional({ example: '2024-05-18' })
  @IsOptional()
  @IsCalendarDay()
  invoiceDate?: string;
}
