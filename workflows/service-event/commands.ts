import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
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
  IsInstant,
  NormalisePhone,
  NormaliseVin,
  PHONE,
  PHONE_MESSAGE,
  VIN,
  VIN_MESSAGE,
} from '../../libs/command-schema/index.js';
import { TRIGGER_KINDS } from '../follow-up/plan.js';
import { CUSTOMER_CLASSES } from './events.js';

export class ServiceEventVehicleDto {
  @ApiProperty({ example: 'LSVAU2180N2183294', description: '17 characters, no I, O or Q' })
  @NormaliseVin()
  @IsString()
  @Matches(VIN, { message: VIN_MESSAGE })
  vin!: string;
  @ApiPropertyOptional({ example: '沪A12345' }) @IsOptional() @IsString() @MaxLength(16) plate?: string;
  @ApiPropertyOptional({ example: 'Lavida' }) @IsOptional() @IsString() @MaxLength(64) model?: string;
}

export class ServiceEventCustomerDto {
  @ApiProperty({ example: '王建国', maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiProperty({ example: '13800138000', description: 'Mainland mobile, or landline with area code' })
  @NormalisePhone()
  @IsString()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone!: string;
  @ApiPropertyOptional({ enum: CUSTOMER_CLASSES }) @IsOptional() @IsIn(CUSTOMER_CLASSES) class?: string;
  @ApiPropertyOptional({ example: 'wang.jianguo@example.cn', description: 'Where e-mail reminders go' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

/** `POST /api/v1/service-events`: what the dealer's management system reports (API.md). */
export class ReceiveServiceEventDto {
  @ApiProperty({ example: 'DMS-RO-2026-0301-17', description: 'The source system’s id, unique per dealer' })
  @IsString()
  @Matches(/^[\x21-\x7e]{1,64}$/, { message: 'externalId must be 1 to 64 visible ASCII characters' })
  externalId!: string;
  @ApiProperty({ enum: TRIGGER_KINDS }) @IsIn(TRIGGER_KINDS) kind!: string;
  @ApiProperty({ example: '2026-03-02T09:00:00+08:00' }) @IsInstant() occurredAt!: string;
  @ApiProperty({ type: ServiceEventVehicleDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceEventVehicleDto)
  vehicle!: ServiceEventVehicleDto;
  @ApiProperty({ type: ServiceEventCustomerDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceEventCustomerDto)
  customer!: ServiceEventCustomerDto;
  @ApiPropertyOptional({ minimum: 0, maximum: 2_000_000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_000_000)
  mileageKm?: number;
  @ApiPropertyOptional({
    example: '2026-06-15T09:00:00+08:00',
    description:
      'The next maintenance date the dealer system computed (last maintenance, mileage): maintenance reminders count back from it',
  })
  @IsOptional()
  @IsInstant()
  nextMaintenanceDueAt?: string;
  @ApiPropertyOptional({ example: 'RO-2026-0301-17' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  repairOrderId?: string;
}
