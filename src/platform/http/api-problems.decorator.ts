import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ProblemDto } from './problem.dto';
import { PROBLEM_ANSWERS, ProblemAnswer, problemContent } from './problem-examples';

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

/**
 * Documents problem+json error answers of a route: a status takes its usual code, or a route names
 * its own (`{ status: 401, code: 'INVALID_CREDENTIALS', ... }`); each gets an example of its own.
 */
export function ApiProblems(...answers: Array<number | (ProblemAnswer & { description?: string })>) {
  return applyDecorators(
    ...answers.map((given) => {
      const answer = typeof given === 'number' ? PROBLEM_ANSWERS[given] : given;
      const description = (typeof given === 'number' ? undefined : given.description) ?? DESCRIPTIONS[answer.status] ?? 'Error';
      return ApiResponse({ status: answer.status, description, content: problemContent(answer) });
    }),
  );
}

export { ProblemDto };
