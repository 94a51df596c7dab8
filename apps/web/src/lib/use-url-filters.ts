import { useSearchParams } from "react-router";

/**
 * A page's filters kept in the URL, so a view can be shared, bookmarked and reloaded. `update` sets or
 * (for undefined / "") removes keys and, unless told to keep it, goes back to the first page.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, v);
    }
    if (!keepPage) next.delete("page");
    setParams(next);
  };
  const clear = () => setParams(new URLSearchParams());
  return { params, update, clear };
}
