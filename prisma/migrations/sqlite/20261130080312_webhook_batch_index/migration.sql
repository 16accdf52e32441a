-- CreateIndex
CREATE INDEX "WebhookDelivery_shopDomain_status_receivedAt_idx" ON "WebhookDelivery"("shopDomain", "status", "receivedAt");

