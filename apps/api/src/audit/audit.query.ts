import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROLES } from '../../../../libs/kernel/index.js';
import { IsDayOrInstant } from '../../../../libs/command-schema/index.js';

const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** Who, what and when: the same filters select the events shown and the events exported. */
export class AuditFilterQuery {
  @ApiPropertyOptional({ description: 'Actor id (token sub)' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  actor?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES as unknown as string[]) role?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[a-z-]{1,40}$/) caseType?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() caseId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) dealerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) regionId?: string;
  @ApiPropertyOptional({ description: 'From (inclusive, ISO-8601)' })
  @IsOptional()
  @IsDayOrInstant()
  from?: string;
  @ApiPropertyOptional({ description: 'To (exclusive, ISO-8601)' })
  @IsOptional()
  @IsDayOrInstant()
  to?: string;
}

export class AuditEventsQuery extends AuditFilterQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(0)
  cursor?: number;
}

export class AuditExportQuery extends AuditFilterQuery {
  @ApiPropertyOptional({ enum: ['jsonl', 'csv'], default: 'jsonl' })
  @IsOptional()
  @IsIn(['jsonl', 'csv'])
  format?: 'jsonl' | 'csv';
}
