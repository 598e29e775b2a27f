import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDto } from './problem.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: the body names each invalid field',
  401: 'Missing or invalid access token',
  403: 'The caller lacks a required claim',
  404: 'Not found',
  409: 'Conflicts with the current state (duplicate, in use)',
  413: 'Body too large',
  429: 'Rate limit exceeded',
  503: 'Not ready: a dependency is down (code NOT_READY, `checks` says which)',
};

/** Documents problem+json error answers of a route. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDto' } } },
      }),
    ),
  );
}

export { ProblemDto };
