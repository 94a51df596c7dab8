import { QueryClient } from "@tanstack/react-query";
import type { AppRouter } from "@tracker/api";
import { createTRPCClient, httpBatchLink, httpLink, splitLink, TRPCClientError } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { currentLanguage } from "./i18n";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Retrying a refusal only repeats it.
      retry: (count, error) => {
        const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
        if (code && ["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST"].includes(code)) return false;
        return count < 2;
      },
    },
  },
});

const link = {
  url: "/trpc",
  // Server messages (errors, conflicts) in the language the user chose.
  headers: () => ({ "x-locale": currentLanguage() }),
  fetch: (url: URL | RequestInfo, init?: RequestInit) => fetch(url, { ...init, credentials: "same-origin" }),
};

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    // The server refuses a sign-in inside a batch (one request, one guess): auth.* goes on its own.
    splitLink({
      condition: (op) => op.path.startsWith("auth."),
      true: httpLink(link),
      false: httpBatchLink(link),
    }),
  ],
});

/** Query and mutation options for every procedure: `useQuery(trpc.projects.list.queryOptions(input))`. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}
