import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROLES } from '../../../../libs/kernel/index.js';
import { IsDayOrInstant } from '../../../../libs/command-schema/index.js';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** Query of `GET /api/v1/{resource}`: every filter optional, keyset pagination by cursor. */
export class CaseListQuery {
  @ApiPropertyOptional({ description: 'Machine state name, e.g. routed' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9_.,]{1,64}$/)
  state?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) dealerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) regionId?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES as unknown as string[])
  assignedRole?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) category?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) severity?: string;

  @ApiPropertyOptional({
    description: 'The kind the list knows, e.g. a follow-up’s channel (phone, sms, email)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]{1,32}$/)
  kind?: string;

  @ApiPropertyOptional({ description: 'Due before (ISO-8601), e.g. follow-ups whose window opens before it' })
  @IsOptional()
  @IsDayOrInstant()
  dueBefore?: string;

  @ApiPropertyOptional({
    description: 'Only cases with a breached or past-due deadline (true) or none (false)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Created at or after (ISO-8601)' })
  @IsOptional()
  @IsDayOrInstant()
  createdFrom?: string;

  @ApiPropertyOptional({ description: 'Created before (ISO-8601)' })
  @IsOptional()
  @IsDayOrInstant()
  createdTo?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class CaseViewQuery {
  @ApiPropertyOptional({ description: 'Show the case as it was at this instant (ISO-8601)' })
  @IsOptional()
  @IsDayOrInstant()
  asOf?: string;
}
