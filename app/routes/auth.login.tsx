import { useState } from "react";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { AppShellProvider } from "../components/AppShellProvider";
import { logInWithShopDomain } from "../services/admin-auth.server";

// Where the library sends a visitor who opens the app outside Shopify's admin
// without a session: ask for the shop, then hand over to Shopify's OAuth.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];
export const meta: MetaFunction = () => [{ title: "Log in · Aisle" }];

export const loader = async ({ request }: LoaderFunctionArgs) => json({ errors: await logInWithShopDomain(request) });
export const action = async ({ request }: ActionFunctionArgs) => json({ errors: await logInWithShopDomain(request) });

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const { errors } = useActionData<typeof action>() ?? loaderData;
  const [shop, setShop] = useState("");
  return (
    <AppShellProvider isEmbeddedApp={false}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <BlockStack gap="100">
                <Text variant="headingMd" as="h1">
                  Log in to Aisle
                </Text>
                <Text as="p" tone="subdued">
                  Aisle opens inside your Shopify admin. Enter your shop's domain to continue there.
                </Text>
              </BlockStack>
              <TextField
                type="text"
                name="shop"
                label="Shop domain"
                helpText="example.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={errors.shop}
              />
              <Button submit variant="primary">
                Log in
              </Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppShellProvider>
  );
}
