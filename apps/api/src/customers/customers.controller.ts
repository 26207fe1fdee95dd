import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import {
  NormalisePhone,
  NormaliseVin,
  PHONE,
  PHONE_MESSAGE,
  VIN,
  VIN_MESSAGE,
} from '../../../../libs/command-schema/index.js';
import type { CustomerRecord } from '../../../../libs/customers/index.js';
import { CaseNotFoundError, ValidationFailedError, type Actor } from '../../../../libs/kernel/index.js';
import type { CustomerRecords } from '../../../../libs/runtime/index.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CUSTOMER_RECORDS } from '../engine/tokens.js';

export class CustomerLookupQuery {
  @ApiPropertyOptional({ example: 'LSVAU2180N2183294' })
  @IsOptional()
  @NormaliseVin()
  @IsString()
  @Matches(VIN, { message: VIN_MESSAGE })
  vin?: string;
  @ApiPropertyOptional({
    example: '13800138000',
    description: 'Finds only records whose number you see in clear',
  })
  @IsOptional()
  @NormalisePhone()
  @IsString()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The customer records (客户档案, seed 000): a read model of every case naming a customer or vehicle. */
@ApiTags('customers')
@ApiBearerAuth()
@Controller('api/v1/customers')
export class CustomersController {
  constructor(@Inject(CUSTOMER_RECORDS) private readonly customers: CustomerRecords) {}

  @Get()
  @ApiOperation({
    summary:
      'Find customer records by VIN or phone, in your scope; name and phone masked unless you deal with the customer',
  })
  async find(
    @Query() query: CustomerLookupQuery,
    @CurrentActor() actor: Actor,
  ): Promise<{ items: ReturnType<typeof view>[] }> {
    if (query.vin === undefined && query.phone === undefined)
      throw new ValidationFailedError([{ field: 'vin', reason: 'give vin or phone' }]);
    const found = await this.customers.find(actor, {
      ...(query.vin !== undefined ? { vin: query.vin } : {}),
      ...(query.phone !== undefined ? { phone: query.phone } : {}),
    });
    return { items: found.map(view) };
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One customer record: vehicles, contact history, open cases, class, responsible person, sensitivity',
  })
  async get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<ReturnType<typeof view>> {
    const record = UUID.test(id) ? await this.customers.get(actor, id) : undefined;
    if (record === undefined) throw new CaseNotFoundError('customer', id);
    return view(record);
  }
}

/** The record as the API answers it (the owner, needed only for the disclosure, stays inside). */
function view(record: CustomerRecord): Omit<CustomerRecord, 'owner'> & { dealerId: string } {
  const { owner, ...rest } = record;
  return { ...rest, dealerId: owner.dealerId };
}
