import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'aftersales:public';

/** Routes that need no token: health, metrics, API docs, the dev sign-in. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
