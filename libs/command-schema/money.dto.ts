import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** 100 million yuan in fen: far above any goodwill or claim, low enough to catch a typo of zeros. */
export const MAX_AMOUNT_CENTS = 10_000_000_000;

export class CurrencyDto {
  @ApiPropertyOptional({ example: 'CNY', default: 'CNY', description: 'ISO 4217' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency?: string;
}
