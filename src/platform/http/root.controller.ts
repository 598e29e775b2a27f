import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/public.decorator';

/** `/` and `/swagger` lead people to the API reference. */
@ApiExcludeController()
@Controller()
@Public()
@SkipThrottle()
export class RootController {
  @Get()
  @Redirect('/docs', 302)
  root(): void {}

  @Get('swagger')
  @Redirect('/docs', 301)
  swagger(): void {}
}
