import { useQuery } from "@tanstack/react-query";
import { trpc } from "../../trpc";

/** The district's units as select options (a problem is assigned to one); undefined while loading. */
export function useUnitOptions() {
  const options = useQuery(trpc.reference.options.queryOptions());
  return options.data?.units.map((u) => ({ value: u.id, label: u.name }));
}
