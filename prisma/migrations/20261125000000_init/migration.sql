-- CreateEnum
CREATE TYPE "Role" AS ENUM ('CUSTOMER', 'AGENT', 'LEAD', 'ADMIN');

-- CreateEnum
CREATE TYPE "EventStatus" AS ENUM ('PENDING', 'PROCESSING', 'PROCESSED', 'IGNORED', 'FAILED');

-- CreateEnum
CREATE TYPE "InvoiceStatus" AS ENUM ('DRAFT', 'OPEN', 'PAID', 'UNCOLLECTIBLE', 'VOID', 'DELETED');

-- CreateEnum
CREATE TYPE "CreditNoteStatus" AS ENUM ('ISSUED', 'VOID');

-- CreateEnum
CREATE TYPE "DisputeReason" AS ENUM ('WRONG_QUANTITY', 'WRONG_PRICE', 'DISCOUNT', 'CHARGED_TWICE', 'AFTER_CANCELLATION', 'SERVICE_NOT_RECEIVED', 'TAX_WRONG', 'OTHER');

-- CreateEnum
CREATE TYPE "DisputeStatus" AS ENUM ('OPEN', 'IN_REVIEW', 'WAITING_ON_CUSTOMER', 'RESOLVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "RootCause" AS ENUM ('TECHNICAL_FAULT', 'WRONG_DATA', 'SYNC_FAILURE', 'TARIFF_OR_DISCOUNT', 'HUMAN_ERROR', 'NOT_AN_ERROR');

-- CreateEnum
CREATE TYPE "DisputeOrigin" AS ENUM ('CUSTOMER', 'STAFF', 'AUDIT');

-- CreateEnum
CREATE TYPE "MessageKind" AS ENUM ('MESSAGE', 'NOTE', 'STATUS_CHANGE', 'ASSIGNMENT', 'RESOLUTION', 'CORRECTION');

-- CreateEnum
CREATE TYPE "Visibility" AS ENUM ('PUBLIC', 'INTERNAL');

-- CreateEnum
CREATE TYPE "CorrectionStatus" AS ENUM ('DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'SUBMITTING', 'ISSUED', 'FAILED', 'REJECTED', 'VOIDED');

-- CreateEnum
CREATE TYPE "FindingSeverity" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "FindingStatus" AS ENUM ('OPEN', 'CONFIRMED', 'CORRECTED', 'DISMISSED');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "emailVerified" TIMESTAMP(3),
    "image" TEXT,
    "role" "Role" NOT NULL DEFAULT 'CUSTOMER',
    "locale" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserCustomer" (
    "userId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "linkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UserCustomer_pkey" PRIMARY KEY ("userId","customerId")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerAccountId" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "sessionToken" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationToken" (
    "identifier" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expires" TIMESTAMP(3) NOT NULL
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMP(3),

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "objectType" TEXT,
    "objectId" TEXT,
    "apiVersion" TEXT,
    "livemode" BOOLEAN NOT NULL DEFAULT false,
    "stripeCreated" TIMESTAMP(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'webhook',
    "status" "EventStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncCursor" (
    "resource" TEXT NOT NULL,
    "cursor" TEXT,
    "since" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncCursor_pkey" PRIMARY KEY ("resource")
);

-- CreateTable
CREATE TABLE "ReconciliationRun" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "checked" INTEGER NOT NULL DEFAULT 0,
    "differences" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "ReconciliationRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReconciliationDiff" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "settleValue" TEXT,
    "stripeValue" TEXT,

    CONSTRAINT "ReconciliationDiff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT,
    "currency" TEXT,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "preferredLocale" TEXT,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "livemode" BOOLEAN NOT NULL DEFAULT false,
    "stripeCreated" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Price" (
    "id" TEXT NOT NULL,
    "productId" TEXT,
    "productName" TEXT,
    "currency" TEXT NOT NULL,
    "unitAmount" BIGINT,
    "unitAmountDecimal" DECIMAL(30,12),
    "recurringInterval" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "stripeCreated" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Price_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tariff" (
    "id" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "priceId" TEXT,
    "productId" TEXT,
    "currency" TEXT NOT NULL,
    "unitAmountDecimal" DECIMAL(30,12) NOT NULL,
    "discountPercent" DECIMAL(9,4),
    "discountAmountMinor" BIGINT,
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validTo" TIMESTAMP(3),
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "Tariff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "number" TEXT,
    "status" "InvoiceStatus" NOT NULL,
    "currency" TEXT NOT NULL,
    "collectionMethod" TEXT,
    "billingReason" TEXT,
    "subtotal" BIGINT NOT NULL,
    "subtotalExcludingTax" BIGINT,
    "total" BIGINT NOT NULL,
    "totalExcludingTax" BIGINT,
    "amountDue" BIGINT NOT NULL,
    "amountPaid" BIGINT NOT NULL,
    "amountRemaining" BIGINT NOT NULL,
    "amountOverpaid" BIGINT NOT NULL DEFAULT 0,
    "startingBalance" BIGINT NOT NULL DEFAULT 0,
    "endingBalance" BIGINT,
    "prePaymentCreditNotesAmount" BIGINT NOT NULL DEFAULT 0,
    "postPaymentCreditNotesAmount" BIGINT NOT NULL DEFAULT 0,
    "periodStart" TIMESTAMP(3),
    "periodEnd" TIMESTAMP(3),
    "dueDate" TIMESTAMP(3),
    "hostedInvoiceUrl" TEXT,
    "description" TEXT,
    "livemode" BOOLEAN NOT NULL DEFAULT false,
    "stripeCreated" TIMESTAMP(3) NOT NULL,
    "finalizedAt" TIMESTAMP(3),
    "paidAt" TIMESTAMP(3),
    "voidedAt" TIMESTAMP(3),
    "lastEventAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceDiscount" (
    "id" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "discountId" TEXT NOT NULL,
    "couponId" TEXT,
    "percentOff" DECIMAL(9,4),
    "amountOff" BIGINT,
    "amount" BIGINT NOT NULL,

    CONSTRAINT "InvoiceDiscount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceTax" (
    "id" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "taxRateId" TEXT NOT NULL,
    "displayName" TEXT,
    "percentage" DECIMAL(9,4) NOT NULL,
    "inclusive" BOOLEAN NOT NULL,
    "amount" BIGINT NOT NULL,
    "taxableAmount" BIGINT NOT NULL,

    CONSTRAINT "InvoiceTax_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceLine" (
    "id" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "description" TEXT,
    "currency" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "quantity" DECIMAL(30,12) NOT NULL,
    "unitAmountDecimal" DECIMAL(30,12),
    "priceId" TEXT,
    "productId" TEXT,
    "periodStart" TIMESTAMP(3),
    "periodEnd" TIMESTAMP(3),
    "proration" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "InvoiceLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceLineDiscount" (
    "id" TEXT NOT NULL,
    "lineId" TEXT NOT NULL,
    "discountId" TEXT NOT NULL,
    "couponId" TEXT,
    "percentOff" DECIMAL(9,4),
    "amountOff" BIGINT,
    "scope" TEXT NOT NULL DEFAULT 'invoice',
    "amount" BIGINT NOT NULL,

    CONSTRAINT "InvoiceLineDiscount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceLineTax" (
    "id" TEXT NOT NULL,
    "lineId" TEXT NOT NULL,
    "taxRateId" TEXT NOT NULL,
    "displayName" TEXT,
    "percentage" DECIMAL(9,4) NOT NULL,
    "inclusive" BOOLEAN NOT NULL,
    "amount" BIGINT NOT NULL,
    "taxableAmount" BIGINT NOT NULL,

    CONSTRAINT "InvoiceLineTax_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentIntent" (
    "id" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "customerId" TEXT,
    "amount" BIGINT NOT NULL,
    "amountReceived" BIGINT NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "description" TEXT,
    "lastErrorCode" TEXT,
    "lastDeclineCode" TEXT,
    "lastErrorMessage" TEXT,
    "livemode" BOOLEAN NOT NULL DEFAULT false,
    "stripeCreated" TIMESTAMP(3) NOT NULL,
    "lastEventAt" TIMESTAMP(3),

    CONSTRAINT "PaymentIntent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Charge" (
    "id" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "customerId" TEXT,
    "paymentIntentId" TEXT,
    "amount" BIGINT NOT NULL,
    "amountCaptured" BIGINT NOT NULL DEFAULT 0,
    "amountRefunded" BIGINT NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "paid" BOOLEAN NOT NULL DEFAULT false,
    "refunded" BOOLEAN NOT NULL DEFAULT false,
    "disputed" BOOLEAN NOT NULL DEFAULT false,
    "failureCode" TEXT,
    "failureMessage" TEXT,
    "declineCode" TEXT,
    "outcomeReason" TEXT,
    "paymentMethodType" TEXT,
    "cardBrand" TEXT,
    "cardLast4" TEXT,
    "description" TEXT,
    "livemode" BOOLEAN NOT NULL DEFAULT false,
    "stripeCreated" TIMESTAMP(3) NOT NULL,
    "lastEventAt" TIMESTAMP(3),

    CONSTRAINT "Charge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoicePayment" (
    "id" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "paymentIntentStripeId" TEXT,
    "chargeStripeId" TEXT,
    "outOfBand" BOOLEAN NOT NULL DEFAULT false,
    "amountPaid" BIGINT,
    "amountRequested" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT true,
    "paidAt" TIMESTAMP(3),
    "stripeCreated" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InvoicePayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Refund" (
    "id" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "chargeId" TEXT,
    "customerId" TEXT,
    "paymentIntentStripeId" TEXT,
    "amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "failureReason" TEXT,
    "creditNoteStripeId" TEXT,
    "stripeCreated" TIMESTAMP(3) NOT NULL,
    "lastEventAt" TIMESTAMP(3),

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditNote" (
    "id" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "number" TEXT,
    "status" "CreditNoteStatus" NOT NULL,
    "type" TEXT,
    "reason" TEXT,
    "memo" TEXT,
    "currency" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "subtotal" BIGINT NOT NULL,
    "subtotalExcludingTax" BIGINT,
    "total" BIGINT NOT NULL,
    "totalExcludingTax" BIGINT,
    "discountAmount" BIGINT NOT NULL DEFAULT 0,
    "prePaymentAmount" BIGINT NOT NULL DEFAULT 0,
    "postPaymentAmount" BIGINT NOT NULL DEFAULT 0,
    "outOfBandAmount" BIGINT NOT NULL DEFAULT 0,
    "refundAmount" BIGINT NOT NULL DEFAULT 0,
    "creditAmount" BIGINT NOT NULL DEFAULT 0,
    "customerBalanceTransaction" TEXT,
    "stripeCreated" TIMESTAMP(3) NOT NULL,
    "effectiveAt" TIMESTAMP(3),
    "voidedAt" TIMESTAMP(3),
    "lastEventAt" TIMESTAMP(3),
    "metadata" JSONB,

    CONSTRAINT "CreditNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditNoteLine" (
    "id" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "creditNoteId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "invoiceLineStripeId" TEXT,
    "description" TEXT,
    "quantity" DECIMAL(30,12),
    "unitAmountDecimal" DECIMAL(30,12),
    "amount" BIGINT NOT NULL,
    "discountAmount" BIGINT NOT NULL DEFAULT 0,
    "taxAmount" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "CreditNoteLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Chargeback" (
    "id" TEXT NOT NULL,
    "stripeId" TEXT NOT NULL,
    "chargeId" TEXT,
    "chargeStripeId" TEXT NOT NULL,
    "customerId" TEXT,
    "amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "stripeCreated" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "lastEventAt" TIMESTAMP(3),

    CONSTRAINT "Chargeback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dispute" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "customerId" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "origin" "DisputeOrigin" NOT NULL DEFAULT 'CUSTOMER',
    "scope" TEXT NOT NULL DEFAULT 'invoice',
    "reason" "DisputeReason" NOT NULL,
    "description" TEXT NOT NULL,
    "status" "DisputeStatus" NOT NULL DEFAULT 'OPEN',
    "currency" TEXT NOT NULL,
    "claimedMinor" BIGINT NOT NULL DEFAULT 0,
    "openedById" TEXT,
    "assigneeId" TEXT,
    "rootCause" "RootCause",
    "resolutionNote" TEXT,
    "firstResponseDueAt" TIMESTAMP(3),
    "resolutionDueAt" TIMESTAMP(3),
    "firstRespondedAt" TIMESTAMP(3),
    "slaPausedAt" TIMESTAMP(3),
    "slaPausedSeconds" INTEGER NOT NULL DEFAULT 0,
    "resolvedAt" TIMESTAMP(3),
    "reopenedAt" TIMESTAMP(3),
    "reopenCount" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisputedLine" (
    "id" TEXT NOT NULL,
    "disputeId" TEXT NOT NULL,
    "invoiceLineId" TEXT NOT NULL,
    "openLineKey" TEXT,
    "expectedQuantity" DECIMAL(30,12),
    "expectedAmount" BIGINT,

    CONSTRAINT "DisputedLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisputeMessage" (
    "id" TEXT NOT NULL,
    "disputeId" TEXT NOT NULL,
    "authorId" TEXT,
    "kind" "MessageKind" NOT NULL,
    "visibility" "Visibility" NOT NULL,
    "body" TEXT NOT NULL,
    "meta" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DisputeMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL,
    "disputeId" TEXT NOT NULL,
    "messageId" TEXT,
    "uploadedById" TEXT,
    "fileName" TEXT NOT NULL,
    "storedName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CannedReply" (
    "id" TEXT NOT NULL,
    "reason" "DisputeReason" NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CannedReply_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Recalculation" (
    "id" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "disputeId" TEXT,
    "findingId" TEXT,
    "createdById" TEXT,
    "currency" TEXT NOT NULL,
    "inputs" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "originalTotal" BIGINT NOT NULL,
    "recalculatedTotal" BIGINT NOT NULL,
    "differenceMinor" BIGINT NOT NULL,
    "outcome" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Recalculation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Correction" (
    "id" TEXT NOT NULL,
    "invoiceId" TEXT NOT NULL,
    "disputeId" TEXT,
    "findingId" TEXT,
    "recalculationId" TEXT,
    "kind" TEXT NOT NULL,
    "status" "CorrectionStatus" NOT NULL DEFAULT 'DRAFT',
    "currency" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "refundMinor" BIGINT NOT NULL DEFAULT 0,
    "creditMinor" BIGINT NOT NULL DEFAULT 0,
    "outOfBandMinor" BIGINT NOT NULL DEFAULT 0,
    "lines" JSONB NOT NULL,
    "memo" TEXT,
    "stripeReason" TEXT,
    "chargeStripeId" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "approvedById" TEXT,
    "approvedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "stripeCreditNoteId" TEXT,
    "stripeRefundId" TEXT,
    "lastError" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3),
    "issuedAt" TIMESTAMP(3),
    "voidedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Correction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "requestId" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "severity" "FindingSeverity" NOT NULL,
    "status" "FindingStatus" NOT NULL DEFAULT 'OPEN',
    "customerId" TEXT,
    "invoiceId" TEXT,
    "disputeId" TEXT,
    "correctionId" TEXT,
    "currency" TEXT,
    "amountAtStakeMinor" BIGINT NOT NULL DEFAULT 0,
    "summary" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "suggestion" JSONB,
    "rootCause" "RootCause",
    "dismissReason" TEXT,
    "decidedById" TEXT,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEmail" (
    "id" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "template" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "dedupeKey" TEXT,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "UserCustomer_customerId_idx" ON "UserCustomer"("customerId");

-- CreateIndex
CREATE INDEX "Account_userId_idx" ON "Account"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Account_provider_providerAccountId_key" ON "Account"("provider", "providerAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "Session_sessionToken_key" ON "Session"("sessionToken");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "VerificationToken_token_key" ON "VerificationToken"("token");

-- CreateIndex
CREATE UNIQUE INDEX "VerificationToken_identifier_token_key" ON "VerificationToken"("identifier", "token");

-- CreateIndex
CREATE INDEX "StripeEvent_status_nextAttemptAt_idx" ON "StripeEvent"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "StripeEvent_objectId_stripeCreated_id_idx" ON "StripeEvent"("objectId", "stripeCreated", "id");

-- CreateIndex
CREATE INDEX "StripeEvent_receivedAt_idx" ON "StripeEvent"("receivedAt");

-- CreateIndex
CREATE INDEX "ReconciliationDiff_runId_idx" ON "ReconciliationDiff"("runId");

-- CreateIndex
CREATE INDEX "ReconciliationDiff_stripeId_idx" ON "ReconciliationDiff"("stripeId");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_stripeId_key" ON "Customer"("stripeId");

-- CreateIndex
CREATE INDEX "Customer_email_idx" ON "Customer"("email");

-- CreateIndex
CREATE INDEX "Tariff_customerId_validFrom_idx" ON "Tariff"("customerId", "validFrom");

-- CreateIndex
CREATE INDEX "Tariff_priceId_idx" ON "Tariff"("priceId");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_stripeId_key" ON "Invoice"("stripeId");

-- CreateIndex
CREATE INDEX "Invoice_customerId_stripeCreated_id_idx" ON "Invoice"("customerId", "stripeCreated", "id");

-- CreateIndex
CREATE INDEX "Invoice_customerId_status_stripeCreated_id_idx" ON "Invoice"("customerId", "status", "stripeCreated", "id");

-- CreateIndex
CREATE INDEX "Invoice_customerId_number_idx" ON "Invoice"("customerId", "number");

-- CreateIndex
CREATE INDEX "Invoice_status_dueDate_idx" ON "Invoice"("status", "dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceDiscount_invoiceId_discountId_key" ON "InvoiceDiscount"("invoiceId", "discountId");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceTax_invoiceId_taxRateId_key" ON "InvoiceTax"("invoiceId", "taxRateId");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceLine_stripeId_key" ON "InvoiceLine"("stripeId");

-- CreateIndex
CREATE INDEX "InvoiceLine_invoiceId_position_idx" ON "InvoiceLine"("invoiceId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceLineDiscount_lineId_discountId_key" ON "InvoiceLineDiscount"("lineId", "discountId");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceLineTax_lineId_taxRateId_key" ON "InvoiceLineTax"("lineId", "taxRateId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentIntent_stripeId_key" ON "PaymentIntent"("stripeId");

-- CreateIndex
CREATE INDEX "PaymentIntent_customerId_stripeCreated_id_idx" ON "PaymentIntent"("customerId", "stripeCreated", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Charge_stripeId_key" ON "Charge"("stripeId");

-- CreateIndex
CREATE INDEX "Charge_customerId_stripeCreated_id_idx" ON "Charge"("customerId", "stripeCreated", "id");

-- CreateIndex
CREATE INDEX "Charge_paymentIntentId_idx" ON "Charge"("paymentIntentId");

-- CreateIndex
CREATE INDEX "Charge_customerId_amount_stripeCreated_idx" ON "Charge"("customerId", "amount", "stripeCreated");

-- CreateIndex
CREATE UNIQUE INDEX "InvoicePayment_stripeId_key" ON "InvoicePayment"("stripeId");

-- CreateIndex
CREATE INDEX "InvoicePayment_invoiceId_idx" ON "InvoicePayment"("invoiceId");

-- CreateIndex
CREATE INDEX "InvoicePayment_paymentIntentStripeId_idx" ON "InvoicePayment"("paymentIntentStripeId");

-- CreateIndex
CREATE UNIQUE INDEX "Refund_stripeId_key" ON "Refund"("stripeId");

-- CreateIndex
CREATE INDEX "Refund_chargeId_idx" ON "Refund"("chargeId");

-- CreateIndex
CREATE INDEX "Refund_customerId_stripeCreated_id_idx" ON "Refund"("customerId", "stripeCreated", "id");

-- CreateIndex
CREATE UNIQUE INDEX "CreditNote_stripeId_key" ON "CreditNote"("stripeId");

-- CreateIndex
CREATE INDEX "CreditNote_customerId_stripeCreated_id_idx" ON "CreditNote"("customerId", "stripeCreated", "id");

-- CreateIndex
CREATE INDEX "CreditNote_invoiceId_idx" ON "CreditNote"("invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "CreditNoteLine_stripeId_key" ON "CreditNoteLine"("stripeId");

-- CreateIndex
CREATE INDEX "CreditNoteLine_creditNoteId_position_idx" ON "CreditNoteLine"("creditNoteId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Chargeback_stripeId_key" ON "Chargeback"("stripeId");

-- CreateIndex
CREATE INDEX "Chargeback_chargeStripeId_idx" ON "Chargeback"("chargeStripeId");

-- CreateIndex
CREATE INDEX "Chargeback_customerId_idx" ON "Chargeback"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Dispute_number_key" ON "Dispute"("number");

-- CreateIndex
CREATE INDEX "Dispute_customerId_createdAt_id_idx" ON "Dispute"("customerId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Dispute_status_resolutionDueAt_idx" ON "Dispute"("status", "resolutionDueAt");

-- CreateIndex
CREATE INDEX "Dispute_assigneeId_status_idx" ON "Dispute"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "Dispute_invoiceId_idx" ON "Dispute"("invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "DisputedLine_openLineKey_key" ON "DisputedLine"("openLineKey");

-- CreateIndex
CREATE INDEX "DisputedLine_invoiceLineId_idx" ON "DisputedLine"("invoiceLineId");

-- CreateIndex
CREATE UNIQUE INDEX "DisputedLine_disputeId_invoiceLineId_key" ON "DisputedLine"("disputeId", "invoiceLineId");

-- CreateIndex
CREATE INDEX "DisputeMessage_disputeId_createdAt_idx" ON "DisputeMessage"("disputeId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_storedName_key" ON "Attachment"("storedName");

-- CreateIndex
CREATE INDEX "Attachment_disputeId_idx" ON "Attachment"("disputeId");

-- CreateIndex
CREATE INDEX "CannedReply_reason_locale_idx" ON "CannedReply"("reason", "locale");

-- CreateIndex
CREATE INDEX "Recalculation_disputeId_idx" ON "Recalculation"("disputeId");

-- CreateIndex
CREATE INDEX "Recalculation_invoiceId_idx" ON "Recalculation"("invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "Correction_idempotencyKey_key" ON "Correction"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "Correction_stripeCreditNoteId_key" ON "Correction"("stripeCreditNoteId");

-- CreateIndex
CREATE UNIQUE INDEX "Correction_stripeRefundId_key" ON "Correction"("stripeRefundId");

-- CreateIndex
CREATE INDEX "Correction_invoiceId_status_idx" ON "Correction"("invoiceId", "status");

-- CreateIndex
CREATE INDEX "Correction_status_updatedAt_idx" ON "Correction"("status", "updatedAt");

-- CreateIndex
CREATE INDEX "Correction_disputeId_idx" ON "Correction"("disputeId");

-- CreateIndex
CREATE INDEX "AuditEntry_entityType_entityId_at_idx" ON "AuditEntry"("entityType", "entityId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_at_idx" ON "AuditEntry"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_action_at_idx" ON "AuditEntry"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE UNIQUE INDEX "Finding_fingerprint_key" ON "Finding"("fingerprint");

-- CreateIndex
CREATE INDEX "Finding_status_severity_detectedAt_idx" ON "Finding"("status", "severity", "detectedAt");

-- CreateIndex
CREATE INDEX "Finding_rule_detectedAt_idx" ON "Finding"("rule", "detectedAt");

-- CreateIndex
CREATE INDEX "Finding_customerId_idx" ON "Finding"("customerId");

-- CreateIndex
CREATE INDEX "Finding_invoiceId_idx" ON "Finding"("invoiceId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEmail_dedupeKey_key" ON "OutboxEmail"("dedupeKey");

-- CreateIndex
CREATE INDEX "OutboxEmail_status_nextAttemptAt_idx" ON "OutboxEmail"("status", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "UserCustomer" ADD CONSTRAINT "UserCustomer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserCustomer" ADD CONSTRAINT "UserCustomer_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReconciliationDiff" ADD CONSTRAINT "ReconciliationDiff_runId_fkey" FOREIGN KEY ("runId") REFERENCES "ReconciliationRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tariff" ADD CONSTRAINT "Tariff_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tariff" ADD CONSTRAINT "Tariff_priceId_fkey" FOREIGN KEY ("priceId") REFERENCES "Price"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceDiscount" ADD CONSTRAINT "InvoiceDiscount_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceTax" ADD CONSTRAINT "InvoiceTax_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLineDiscount" ADD CONSTRAINT "InvoiceLineDiscount_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "InvoiceLine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLineTax" ADD CONSTRAINT "InvoiceLineTax_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "InvoiceLine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentIntent" ADD CONSTRAINT "PaymentIntent_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Charge" ADD CONSTRAINT "Charge_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Charge" ADD CONSTRAINT "Charge_paymentIntentId_fkey" FOREIGN KEY ("paymentIntentId") REFERENCES "PaymentIntent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoicePayment" ADD CONSTRAINT "InvoicePayment_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_chargeId_fkey" FOREIGN KEY ("chargeId") REFERENCES "Charge"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditNote" ADD CONSTRAINT "CreditNote_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditNote" ADD CONSTRAINT "CreditNote_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditNoteLine" ADD CONSTRAINT "CreditNoteLine_creditNoteId_fkey" FOREIGN KEY ("creditNoteId") REFERENCES "CreditNote"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chargeback" ADD CONSTRAINT "Chargeback_chargeId_fkey" FOREIGN KEY ("chargeId") REFERENCES "Charge"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Chargeback" ADD CONSTRAINT "Chargeback_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_openedById_fkey" FOREIGN KEY ("openedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputedLine" ADD CONSTRAINT "DisputedLine_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputedLine" ADD CONSTRAINT "DisputedLine_invoiceLineId_fkey" FOREIGN KEY ("invoiceLineId") REFERENCES "InvoiceLine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputeMessage" ADD CONSTRAINT "DisputeMessage_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputeMessage" ADD CONSTRAINT "DisputeMessage_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "DisputeMessage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recalculation" ADD CONSTRAINT "Recalculation_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recalculation" ADD CONSTRAINT "Recalculation_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Correction" ADD CONSTRAINT "Correction_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Correction" ADD CONSTRAINT "Correction_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Correction" ADD CONSTRAINT "Correction_recalculationId_fkey" FOREIGN KEY ("recalculationId") REFERENCES "Recalculation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE SET NULL ON UPDATE CASCADE;

