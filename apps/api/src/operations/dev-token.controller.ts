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
import type { AppConfig } from '../../../../libs/config/index.js';
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

/** Whether the dev sign-in may issue tokens: never in production, never without the HS256 secret. */
export function devTokensEnabled(config: AppConfig): boolean {
  return config.auth.devTokens && !config.production && config.auth.secret !== undefined;
}

export const DEV_TOKEN_ROUTE = 'POST /api/v1/dev/token';
/** A sign-in request is a few hundred bytes; more is refused before it is parsed or transformed. */
export const DEV_TOKEN_BODY_LIMIT = 4096;
export const DEV_TOKENS_DISABLED = 'Dev tokens are disabled (AUTH_DEV_TOKENS is not true)';

/**
 * Dev sign-in for the embedded default and the web console; off unless AUTH_DEV_TOKENS=true. When off,
 * the request gate answers 403 before the body is read (create-app.ts); the check here stays as a second
 * line.
 */
@ApiTags('auth')
@Controller('api/v1/dev')
export class DevTokenController {
  private readonly logger = new Logger('DevToken');
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Post('token')
  @ApiOperation({ summary: 'Issue a development token (only when AUTH_DEV_TOKENS=true)' })
  async token(@Body() body: DevTokenRequestDto): Promise<{ token: string }> {
    const secret = this.config.auth.secret;
    if (!devTokensEnabled(this.config) || secret === undefined) {
      throw new ForbiddenException(DEV_TOKENS_DISABLED);
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
      token: await issueDevToken(secret, body, new Date(), this.config.auth.maxTokenLifetimeSeconds),
    };
  }
}
