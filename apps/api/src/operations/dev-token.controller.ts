import { Body, Controller, ForbiddenException, Inject, Logger, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { issueDevToken } from '../../../../libs/auth/index.js';
import { DEALER_ROLES, ROLES, ValidationFailedError, type Role } from '../../../../libs/kernel/index.js';
import { Public } from '../auth/public.decorator.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../engine/tokens.js';

export class DevTokenRequestDto {
  @ApiProperty({ example: 'alice' }) @IsString() @Matches(/^[\w.@-]{1,64}$/) sub!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) name?: string;
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @IsIn(ROLES as unknown as string[], { each: true })
  roles!: Role[];
  @ApiPropertyOptional({ example: 'D001' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w-]{1,32}$/)
  dealerId?: string;
  @ApiPropertyOptional({ example: 'R01' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w-]{1,32}$/)
  regionId?: string;
}

/** Dev sign-in for the embedded default and the web console; off unless AUTH_DEV_TOKENS=true. */
@ApiTags('auth')
@Controller('api/v1/dev')
export class DevTokenController {
  private readonly logger = new Logger('DevToken');
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Post('token')
  @ApiOperation({ summary: 'Issue a development token (only when AUTH_DEV_TOKENS=true)' })
  async token(@Body() body: DevTokenRequestDto): Promise<{ token: string }> {
    if (!this.config.auth.devTokens || this.config.production || this.config.auth.secret === undefined) {
      throw new ForbiddenException('Dev tokens are disabled (AUTH_DEV_TOKENS is not true)');
    }
    // Dealer staff act for one dealer: a dealer role without one would sign in to a console that shows
    // nothing and refuses everything.
    const dealerRole = body.roles.some((role) => (DEALER_ROLES as readonly string[]).includes(role));
    if (dealerRole && body.dealerId === undefined) {
      throw new ValidationFailedError(
        [{ field: 'dealerId', reason: 'is required for a dealer role', code: 'required' }],
        'dealerId is required for a dealer role',
      );
    }
    this.logger.warn(`issuing a dev token for ${body.sub} (${body.roles.join(',')})`);
    return {
      token: await issueDevToken(
        this.config.auth.secret,
        body,
        new Date(),
        this.config.auth.maxTokenLifetimeSeconds,
      ),
    };
  }
}
