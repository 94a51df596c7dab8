/** How the dispatch report is cut into A4 pages for the PDF; pure, so it is tested without a browser. */

export interface Block {
  top: number;
  bottom: number;
}

/** A table whose header row is repeated at the top of each page the table continues on. */
export interface TableBox extends Block {
  headTop: number;
  headBottom: number;
}

export interface PageSlice {
  /** Where the page's content starts and ends, CSS px from the report's top. */
  start: number;
  end: number;
  /** The header to repeat above it, when the page starts inside a table. */
  head?: Block;
}

/**
 * Cuts the report into pages: a cut that would split a row or block moves up to its top (a block
 * taller than a page is cut where it must be), and a page that starts inside a table repeats the
 * table's header, as a printed table does.
 */
export function paginate(totalHeight: number, pageHeight: number, blocks: Block[], tables: TableBox[] = []): PageSlice[] {
  const pages: PageSlice[] = [];
  let start = 0;
  while (start < totalHeight) {
    const table = start > 0 ? tables.find((t) => start >= t.headBottom && start < t.bottom) : undefined;
    const head = table ? { top: table.headTop, bottom: table.headBottom } : undefined;
    const room = pageHeight - (head ? head.bottom - head.top : 0);
    let cut = start + room;
    if (cut >= totalHeight) {
      pages.push({ start, end: totalHeight, head });
      break;
    }
    for (let moved = true; moved; ) {
      moved = false;
      for (const b of blocks) {
        if (b.top > start && b.top < cut && b.bottom > cut && b.bottom - b.top <= room) {
          cut = b.top;
          moved = true;
        }
      }
    }
    pages.push({ start, end: cut, head });
    start = cut;
  }
  return pages;
}
