import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class InvalidParamDto {
  /** Path of the offending field in the request, e.g. `email` or `products[0].qty`. */
  @ApiProperty({ example: 'email' })
  name: string;

  /** Why the value was refused. */
  @ApiProperty({ example: ['email must be an email'], type: [String] })
  reasons: string[];
}

/** Error body of every 4xx and 5xx answer (RFC 9457 problem details, `application/problem+json`). */
export class ProblemDto {
  /** URI identifying the kind of problem; stable, one per `code`. */
  @ApiProperty({ example: 'urn:benefits-platform:problem:validation-failed' })
  type: string;

  @ApiProperty({ example: 'Validation failed' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  /** Human-readable explanation of this occurrence. */
  @ApiProperty({ example: 'The request has 1 invalid field.' })
  detail: string;

  /** Stable machine-readable code; clients branch on this. */
  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code: string;

  /** Correlates the answer with the server's logs (also in the X-Request-Id header). */
  @ApiProperty({ example: '6f1c2a7e-0d1b-4f4b-9a55-2f0f7d1b9c3e' })
  requestId: string;

  /** The refused fields, for validation problems. */
  @ApiPropertyOptional({ type: [InvalidParamDto] })
  invalidParams?: InvalidParamDto[];

  /** How many fields were refused, when more than the 20 named in `invalidParams`. */
  @ApiPropertyOptional({ example: 60000 })
  invalidParamsCount?: number;
}

export type ProblemDetails = ProblemDto & Record<string, unknown>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem's `type`: one stable URI per `code`. */
export function problemType(code: string): string {
  return `urn:benefits-platform:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
