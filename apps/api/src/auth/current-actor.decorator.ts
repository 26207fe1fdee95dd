import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '../../../../libs/kernel/index.js';

/** The verified caller, set by the AuthGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
  if (request.actor === undefined) throw new Error('CurrentActor used on a public route');
  return request.actor;
});
