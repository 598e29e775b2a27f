import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ProblemDto } from './problem.dto';
import { DomainError } from './domain-error';
import { answerOf, PROBLEM_ANSWERS, ProblemAnswer, problemContent } from './problem-examples';

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

/** A route's own answer for a status: the domain error it throws, or an answer the filter builds. */
export type RouteProblem = { error: DomainError; description: string } | (ProblemAnswer & { description: string });

/**
 * Documents problem+json error answers of a route: a status takes its usual code, or the route
 * names its own (`{ error: new InvalidCredentialsError(), description }`); each gets an example of
 * its own, made from the error the route throws.
 */
export function ApiProblems(...answers: Array<number | RouteProblem>) {
  return applyDecorators(
    ...answers.map((given) => {
      const answer = typeof given === 'number' ? PROBLEM_ANSWERS[given] : 'error' in given ? answerOf(given.error) : given;
      const description = typeof given === 'number' ? (DESCRIPTIONS[given] ?? 'Error') : given.description;
      return ApiResponse({ status: answer.status, description, content: problemContent(answer) });
    }),
  );
}

export { ProblemDto };
