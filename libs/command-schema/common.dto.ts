import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** 17 characters of the VIN alphabet: digits and capital letters without I, O and Q (ISO 3779). */
export const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;
export const VIN_MESSAGE = 'must be 17 characters: digits and capital letters except I, O and Q';
/** Mainland mobile (1[3-9]x, 11 digits, optional +86) or landline with area code (0xx-xxxxxxx[-ext]). */
export const PHONE = /^(?:(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$/;
export const PHONE_MESSAGE =
  'must be a mainland mobile (e.g. 13800138000) or a landline with area code (e.g. 021-55551234)';

/** Actions without a body. */
export class NoPayloadDto {}

export class ReasonDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}
