import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from '@nestjs/common';

/** Far beyond any list's last page; above it the row offset would no longer fit a query (a 500). */
export const MAX_PAGE = 1_000_000;

/** `?page=&pageSize=` for lists whose size an operator browses. */
export class PageQueryDto {
  /** 1-based page number. */
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1, example: 1 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  /** Items per page. */
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20, example: 20 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize: number = 20;

  get skip(): number {
    return (this.page - 1) * this.pageSize;
  }
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export function pageOf<T>(items: T[], total: number, query: PageQueryDto): Page<T> {
  return { items, page: query.page, pageSize: query.pageSize, total };
}

/** A documented page class for an item DTO: `class UserPageDto extends PageDto(UserDto) {}`. */
export function PageDto<T>(item: Type<T>) {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({ example: 1 })
    page: number;

    @ApiProperty({ example: 20 })
    pageSize: number;

    /** Items matching the filters, over all pages. */
    @ApiProperty({ example: 1 })
    total: number;
  }
  return PageOfItems;
}

/** A documented newest-first page read with a cursor: `class EventPageDto extends CursorPageDto(EventDto) {}`. */
export function CursorPageDto<T>(item: Type<T>) {
  class CursorPageOfItems {
    @ApiProperty({ type: [item] })
    items: T[];

    /** Pass as `cursor` for the next (older) page; null on the last page. */
    @ApiProperty({ nullable: true, type: String })
    nextCursor: string | null;
  }
  return CursorPageOfItems;
}
