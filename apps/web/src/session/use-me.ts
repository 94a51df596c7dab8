import { useQuery } from "@tanstack/react-query";
import { trpc } from "../trpc";

/** The signed-in user, or null. */
export function useMe() {
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });
}
