import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_AMOUNT_CENTS } from '../../libs/command-schema/index.js';

/** A signature in an approval chain, with an optional comment. */
export class SignDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

/** The payment that settles an approved amount. */
export class SettleDto {
  @ApiProperty({ example: 1_500_000 }) @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) paidAmountCents!: number;
  @ApiProperty({ example: 'PAY-2026-0412' }) @IsString() @MinLength(1) @MaxLength(128) reference!: string;
}
