-- DropForeignKey
ALTER TABLE "WebhookDelivery" DROP CONSTRAINT "WebhookDelivery_subscriptionId_fkey";

-- DropTable
DROP TABLE "WebhookDelivery";

-- DropEnum
DROP TYPE "DeliveryStatus";
