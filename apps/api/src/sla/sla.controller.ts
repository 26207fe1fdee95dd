import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { readScopeOf, type Actor, type Clock } from '../../../../libs/kernel/index.js';
import type { DeadlineQueries } from '../../../../libs/runtime/index.js';
import {
  DEADLINE_STATUS_FILTERS,
  deadlineView,
  type DeadlineStatusFilter,
  type ReportGroup,
} from '../../../../libs/sla/index.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { IsDayOrInstant, instantOf } from '../../../../libs/command-schema/index.js';
import { CLOCK, DEADLINE_QUERIES } from '../engine/tokens.js';

const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class DeadlinesQuery {
  @ApiPropertyOptional({ enum: DEADLINE_STATUS_FILTERS })
  @IsOptional()
  @IsIn(DEADLINE_STATUS_FILTERS)
  status?: DeadlineStatusFilter;
  @ApiPropertyOptional({ example: 'feedback' }) @IsOptional() @Matches(/^[a-z-]{1,40}$/) kind?: string;
  @ApiPropertyOptional({ example: 'complaint' }) @IsOptional() @Matches(/^[a-z-]{1,40}$/) caseType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) dealerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsDayOrInstant() dueBefore?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @Transform(toInteger) @IsInt() @Min(0) cursor?: number;
}

export class SlaReportQuery {
  @ApiPropertyOptional({ description: 'Deadlines due from (inclusive)' })
  @IsOptional()
  @IsDayOrInstant()
  from?: string;
  @ApiPropertyOptional({ description: 'Deadlines due before (exclusive)' })
  @IsOptional()
  @IsDayOrInstant()
  to?: string;
  @ApiPropertyOptional({ enum: ['dealer', 'kind', 'role'], default: 'dealer' })
  @IsOptional()
  @IsIn(['dealer', 'kind', 'role'])
  groupBy?: 'dealer' | 'kind' | 'role';
}

@ApiTags('sla')
@ApiBearerAuth()
@Controller('api/v1/sla')
export class SlaController {
  constructor(
    @Inject(DEADLINE_QUERIES) private readonly deadlineQueries: DeadlineQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('deadlines')
  @ApiOperation({ summary: 'Deadlines in your scope: pending, warning, met, breached' })
  async deadlines(
    @Query() query: DeadlinesQuery,
    @CurrentActor() actor: Actor,
  ): Promise<{ items: unknown[]; nextCursor: number | null }> {
    const now = this.clock.now().toISOString();
    const page = await this.deadlineQueries.list({
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.kind !== undefined ? { kind: query.kind } : {}),
      ...(query.caseType !== undefined ? { caseType: query.caseType } : {}),
      ...(query.dueBefore !== undefined ? { dueBefore: instantOf('dueBefore', query.dueBefore) } : {}),
      ...(query.dealerId !== undefined ? { dealerId: query.dealerId } : {}),
      scope: readScopeOf(actor),
      now,
      limit: query.limit ?? 100,
      after: query.cursor ?? 0,
    });
    return {
      items: page.rows.map((row) => ({
        caseType: row.case_type,
        caseId: row.case_id,
        dealerId: row.dealer_id,
        regionId: row.region_id,
        ...(deadlineView(row, now, false) ?? { kind: row.kind, dueAt: row.due_at }),
        status: row.status,
        breachedAt: row.breached_at,
      })),
      nextCursor: page.next,
    };
  }

  @Get('report')
  @ApiOperation({ summary: 'Met / breached / pending and compliance % by dealer, kind or accountable role' })
  async report(
    @Query() query: SlaReportQuery,
    @CurrentActor() actor: Actor,
  ): Promise<{ groupBy: string; from: string | null; to: string | null; groups: ReportGroup[] }> {
    const groupBy = query.groupBy ?? 'dealer';
    const from = query.from !== undefined ? instantOf('from', query.from) : undefined;
    const to = query.to !== undefined ? instantOf('to', query.to) : undefined;
    const groups = await this.deadlineQueries.report({
      groupBy,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      scope: readScopeOf(actor),
      now: this.clock.now().toISOString(),
    });
    return { groupBy, from: from ?? null, to: to ?? null, groups };
  }
}
