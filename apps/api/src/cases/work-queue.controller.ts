import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Actor } from '../../../../libs/kernel/index.js';
import type { CaseView } from '../../../../libs/workflow-engine/index.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CaseReadsService } from './case-reads.service.js';

export class WorkQueueQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

@ApiTags('work queue')
@ApiBearerAuth()
@Controller('api/v1/work-queue')
export class WorkQueueController {
  constructor(@Inject(CaseReadsService) private readonly reads: CaseReadsService) {}

  @Get()
  @ApiOperation({ summary: 'Cases where the caller can act now, most urgent deadline first' })
  async queue(@Query() query: WorkQueueQuery, @CurrentActor() actor: Actor): Promise<{ items: CaseView[] }> {
    return { items: await this.reads.workQueue(actor, query.limit ?? 50) };
  }
}
