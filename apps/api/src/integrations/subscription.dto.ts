import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/** A subscription: where to send, which events, and the secret both sides sign and verify with. */
export class CreateSubscriptionDto {
  @ApiProperty({ maxLength: 2048, example: 'https://dms.example.com/hooks/aftersales' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiPropertyOptional({ type: [String], description: 'Case types wanted; absent or empty: all' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  caseTypes?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Event types wanted; absent or empty: all' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(256)
  @IsString({ each: true })
  @Matches(/^[A-Za-z][A-Za-z0-9]{0,127}$/, { each: true, message: 'each must be an event type name' })
  eventTypes?: string[];

  @ApiProperty({
    minLength: 24,
    maxLength: 512,
    description: 'Signing secret; `whsec_<base64>` signs with the decoded bytes (Standard Webhooks)',
  })
  @IsString()
  @MinLength(24)
  @MaxLength(512)
  secret!: string;

  @ApiPropertyOptional({ description: 'Names and phone numbers in clear (default false: masked)' })
  @IsOptional()
  @IsBoolean()
  personalData?: boolean;
}

export class ReplayDto {
  @ApiProperty({ minimum: 1, description: 'Log position to deliver again from (inclusive)' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  fromPosition!: number;
}
