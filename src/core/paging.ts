import { refuse, translator, type Translate } from "./i18n.js";
import type { Button } from "./reply.js";

/** One page of a list that a command shows `perPage` at a time, with the ◀ Prev / Next ▶ buttons that turn it. */
export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  /** Position of the first shown item in the whole list, 0-based (for numbered lines). */
  offset: number;
  /** The Prev/Next row, or no row when everything fits on one page. */
  buttons: Button[][];
}

/**
 * Cuts page `page` (1-based) out of `all`; an empty list is one empty page. A page past the end is a
 * clear "out of range" error. The buttons (labelled by `t`) replay `command` with `page` in place, so the message turns.
 */
export function pageOf<T>(all: readonly T[], page: number, perPage: number, command: string, t: Translate = translator()): Page<T> {
  const pages = Math.max(1, Math.ceil(all.length / perPage));
  if (page > pages) throw refuse("out_of_range", "err-page-out-of-range", { page, pages });
  const turn = (label: string, target: number, disabled: boolean): Button => ({ label, disabled, action: { command, options: { page: target }, inPlace: true } });
  const offset = (page - 1) * perPage;
  return {
    items: all.slice(offset, offset + perPage),
    page,
    pages,
    offset,
    buttons: pages > 1 ? [[turn(t("button-prev"), Math.max(1, page - 1), page === 1), turn(t("button-next"), Math.min(pages, page + 1), page === pages)]] : [],
  };
}
