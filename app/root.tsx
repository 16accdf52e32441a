import type { ReactNode } from "react";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";

function Document({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

// Remix's default boundary logs the error again in the console; the server
// already logged it (entry.server.tsx, handleError), so this one only answers.
export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Document>
      <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: "32rem", margin: "4rem auto", padding: "0 1rem" }}>
        <h1>{notFound ? "Page not found" : "Something went wrong"}</h1>
        <p>{notFound ? "There is no page at this address." : "Aisle could not show this page. Try again in a moment."}</p>
      </main>
    </Document>
  );
}
