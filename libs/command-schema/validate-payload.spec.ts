import { describe, expect, it } from '@jest/globals';
import { IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { ValidationFailedError } from '../kernel/index.js';
import { NoPayloadDto } from './common.dto.js';
import { NormalisePhone } from './normalise.js';
import { validatePayload } from './validate-payload.js';

class ContactDto {
  @NormalisePhone() @IsString() phone!: string;
}

class ReplyDto {
  @IsIn(['accepted', 'rejected']) decision!: string;
  @IsOptional() @IsString() @MaxLength(20) notes?: string;
  @IsOptional() @ValidateNested() @Type(() => ContactDto) contact?: ContactDto;
}

/** Declared after the other schemas were first validated: its rules must still count. */
const late = () => {
  class LateDto {
    @IsString() reason!: string;
  }
  return LateDto;
};

async function refusal(schema: new () => object, body: unknown): Promise<string[]> {
  try {
    await validatePayload(schema, body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailedError);
    return (error as ValidationFailedError).errors.map((field) => field.field);
  }
  throw new Error('the payload was accepted');
}

describe('a command payload validated against its schema', () => {
  it('records the whitelisted, normalised payload, the same on every validation of the schema', async () => {
    const body = { decision: 'accepted', contact: { phone: '+86 138-0013-8000' } };
    for (let round = 0; round < 3; round++) {
      expect(await validatePayload(ReplyDto, body)).toEqual({
        decision: 'accepted',
        contact: { phone: '13800138000' },
      });
    }
    expect(body.contact.phone).toBe('+86 138-0013-8000');
  });

  it('refuses unknown fields and broken rules on every validation, not only the first', async () => {
    for (let round = 0; round < 3; round++) {
      expect(await refusal(ReplyDto, { decision: 'maybe', extra: 1 })).toEqual(
        expect.arrayContaining(['decision', 'extra']),
      );
    }
  });

  it('takes nothing for a schema without rules, and refuses any field on every validation', async () => {
    for (let round = 0; round < 3; round++) {
      expect(await validatePayload(NoPayloadDto, {})).toEqual({});
      expect(await refusal(NoPayloadDto, { note: 'x' })).toEqual(['note']);
    }
  });

  it('knows a schema declared after others were validated as one with a payload', async () => {
    await validatePayload(NoPayloadDto, {});
    const LateDto = late();
    expect(await validatePayload(LateDto, { reason: 'r' })).toEqual({ reason: 'r' });
    expect(await refusal(LateDto, {})).toEqual(['reason']);
  });
});
