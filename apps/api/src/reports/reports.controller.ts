import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  CaseNotFoundError,
  ValidationFailedError,
  readScopeOf,
  type Actor,
} from '../../../../libs/kernel/index.js';
import { IsCalendarDay } from '../../../../libs/command-schema/index.js';
import {
  REPORT_DEFINITIONS,
  REPORT_FORMATS,
  REPORT_MEDIA_TYPES,
  reportCsv,
  reportDefinition,
  reportXlsx,
  type ReportFormat,
} from '../../../../libs/reports/index.js';
import type { ReportReads } from '../../../../libs/runtime/index.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { REPORT_READS } from '../engine/tokens.js';

export class ReportQueryDto {
  @ApiPropertyOptional({
    description: 'First day (YYYY-MM-DD, China time), inclusive',
    example: '2026-03-01',
  })
  @IsOptional()
  @IsCalendarDay()
  from?: string;
  @ApiPropertyOptional({ description: 'Last day (YYYY-MM-DD, China time), inclusive', example: '2026-03-31' })
  @IsOptional()
  @IsCalendarDay()
  to?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) dealerId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) regionId?: string;
  @ApiPropertyOptional({ description: "One of the report's groupings (docs/reports.md)" })
  @IsOptional()
  @Matches(/^[a-z]{1,20}$/, { message: 'groupBy must be one of the report’s groupings' })
  groupBy?: string;
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

/**
 * The reports of the documents (docs/reports.md), each read from the reports projection within the
 * caller's scope, as JSON, CSV (UTF-8 with a byte order mark) or an Excel workbook.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
export class ReportsController {
  constructor(@Inject(REPORT_READS) private readonly reports: ReportReads) {}

  @Get(':name')
  @ApiOperation({
    summary: 'A report in your scope: follow-ups, complaints, satisfaction, warranty cost, lost customers',
  })
  @ApiParam({ name: 'name', enum: REPORT_DEFINITIONS.map((definition) => definition.name) })
  async report(
    @Param('name') name: string,
    @Query() query: ReportQueryDto,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const definition = reportDefinition(name);
    if (definition === undefined) throw new CaseNotFoundError('report', name.slice(0, 64));
    if (query.groupBy !== undefined && !definition.groupings.includes(query.groupBy))
      throw new ValidationFailedError(
        [{ field: 'groupBy', reason: `groupBy must be one of ${definition.groupings.join(', ')}` }],
        `groupBy: ${name} is grouped by ${definition.groupings.join(', ')}`,
      );
    if (query.from !== undefined && query.to !== undefined && query.to < query.from)
      throw new ValidationFailedError([{ field: 'to', reason: 'to must not be before from' }]);
    const result = (await this.reports.run(name, {
      ...(query.from !== undefined ? { from: query.from } : {}),
      ...(query.to !== undefined ? { to: query.to } : {}),
      ...(query.dealerId !== undefined ? { dealerId: query.dealerId } : {}),
      ...(query.regionId !== undefined ? { regionId: query.regionId } : {}),
      ...(query.groupBy !== undefined ? { groupBy: query.groupBy } : {}),
      scope: readScopeOf(actor),
    }))!;
    const format = query.format ?? 'json';
    void reply.header('content-type', REPORT_MEDIA_TYPES[format]);
    if (format === 'json') return void reply.send(result);
    void reply.header('content-disposition', `attachment; filename="${name}.${format}"`);
    void reply.send(format === 'csv' ? reportCsv(result) : await reportXlsx(result));
  }
}
